using AdminChat.Core.Modes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace AdminChat.Tests.Core.Modes;

public sealed class OperatingModeTests
{
    private static OperatingMode Resolve(string environment, params (string Key, string Value)[] settings) =>
        OperatingMode.Resolve(
            new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build(),
            new TestHostEnvironment(environment));

    [Theory]
    [InlineData("Production", AdminChatMode.Production, false, true, true)]
    [InlineData("Development", AdminChatMode.Development, true, true, true)]
    [InlineData("Standard", AdminChatMode.Standard, false, false, false)]
    [InlineData("standard", AdminChatMode.Standard, false, false, false)]
    public void Resolve_ModeSetting_SetsItsDefaults(string value, AdminChatMode mode, bool mock, bool routing, bool hybrid)
    {
        var resolved = Resolve(Environments.Production, (OperatingMode.ModeKey, value));

        Assert.Equal(new OperatingMode(mode, mock, routing, hybrid), resolved);
    }

    [Theory]
    [InlineData("Development", AdminChatMode.Development)]
    [InlineData("Production", AdminChatMode.Production)]
    [InlineData("Staging", AdminChatMode.Production)]
    public void Resolve_NoModeSetting_FollowsTheHostEnvironmentAndNeverAllowsMockOutsideDevelopment(string environment, AdminChatMode expected)
    {
        var resolved = Resolve(environment);

        Assert.Equal(expected, resolved.Mode);
        Assert.Equal(expected == AdminChatMode.Development, resolved.AllowMockLlm);
    }

    [Fact]
    public void Resolve_IndividualSwitches_OverrideTheMode()
    {
        var resolved = Resolve(Environments.Production, (OperatingMode.ModeKey, "Standard"),
            ("ALLOW_MOCK_LLM", "true"), ("ENABLE_INTELLIGENT_ROUTING", "true"), ("ENABLE_HYBRID_STREAMING", "0"));

        Assert.Equal(new OperatingMode(AdminChatMode.Standard, true, true, false), resolved);
    }

    [Fact]
    public void Resolve_DevelopmentWithMockSwitchedOff_NoMock()
    {
        Assert.False(Resolve(Environments.Development, ("ALLOW_MOCK_LLM", "false")).AllowMockLlm);
    }

    [Theory]
    [InlineData("AdminChat:Mode", "Turbo", "AdminChat:Mode is 'Turbo'")]
    [InlineData("ENABLE_HYBRID_STREAMING", "sometimes", "ENABLE_HYBRID_STREAMING is 'sometimes'")]
    public void Resolve_UnreadableValue_ThrowsNamingTheSetting(string key, string value, string expected)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Resolve(Environments.Production, (key, value)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private sealed class TestHostEnvironment(string environmentName) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = environmentName;

        public string ApplicationName { get; set; } = "AdminChat.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
