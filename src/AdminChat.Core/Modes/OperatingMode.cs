using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AdminChat.Core.Modes;

public enum AdminChatMode
{
    /// <summary>Real providers only; routing and hybrid streaming on.</summary>
    Production,

    /// <summary>The simulated model allowed, everything on, for fast feedback while building.</summary>
    Development,

    /// <summary>Plain streaming: real providers, advanced features (routing, hybrid streaming) off.</summary>
    Standard,
}

/// <summary>
/// The resolved operating mode and the switches later features read. One setting, <c>AdminChat:Mode</c>, picks
/// the defaults; <c>ALLOW_MOCK_LLM</c>, <c>ENABLE_INTELLIGENT_ROUTING</c> and <c>ENABLE_HYBRID_STREAMING</c>
/// override them one at a time. Without <c>AdminChat:Mode</c>, the Development host environment means
/// Development and anything else Production, so a forgotten setting never lets the simulated model in.
/// </summary>
public sealed record OperatingMode(
    AdminChatMode Mode,
    bool AllowMockLlm,
    bool IntelligentRouting,
    bool HybridStreaming)
{
    public const string ModeKey = "AdminChat:Mode";
    public const string AllowMockLlmKey = "ALLOW_MOCK_LLM";
    public const string IntelligentRoutingKey = "ENABLE_INTELLIGENT_ROUTING";
    public const string HybridStreamingKey = "ENABLE_HYBRID_STREAMING";

    /// <summary>Reads the mode and its switches; throws with the setting's name when a value cannot be understood.</summary>
    public static OperatingMode Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        var mode = configuration[ModeKey] switch
        {
            null or "" => environment.IsDevelopment() ? AdminChatMode.Development : AdminChatMode.Production,
            var text when Enum.TryParse<AdminChatMode>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) => parsed,
            var text => throw new InvalidOperationException(
                $"{ModeKey} is '{text}'; use Production, Development or Standard."),
        };

        return new OperatingMode(
            mode,
            Switch(configuration, AllowMockLlmKey) ?? mode == AdminChatMode.Development,
            Switch(configuration, IntelligentRoutingKey) ?? mode != AdminChatMode.Standard,
            Switch(configuration, HybridStreamingKey) ?? mode != AdminChatMode.Standard);
    }

    private static bool? Switch(IConfiguration configuration, string key) => configuration[key] switch
    {
        null or "" => null,
        var text when bool.TryParse(text, out var value) => value,
        "1" or "yes" or "on" => true,
        "0" or "no" or "off" => false,
        var text => throw new InvalidOperationException($"{key} is '{text}'; use true or false."),
    };
}
