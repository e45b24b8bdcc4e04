using AdminChat.Core.Modes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Providers;

/// <summary>
/// Fills <see cref="LlmOptions"/> from the variables operators already use (OPENROUTER_API_KEY,
/// OPENAI_API_KEY, ALLOW_MOCK_LLM, or the operating mode) when the AdminChat section leaves them unset, and
/// resolves <see cref="LlmOptions.Providers"/> to the providers actually in use.
/// </summary>
internal sealed class LlmOptionsSetup(IConfiguration configuration, IHostEnvironment environment)
    : IPostConfigureOptions<LlmOptions>
{
    internal const string OpenRouterBaseUrl = "https://openrouter.ai/api/v1";
    internal const string OpenAIBaseUrl = "https://api.openai.com/v1";
    internal const string OpenRouterKeyVariable = "OPENROUTER_API_KEY";
    internal const string OpenAIKeyVariable = "OPENAI_API_KEY";

    public void PostConfigure(string? name, LlmOptions options)
    {
        var keyFromOpenRouterVariable = false;
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            if (configuration[OpenRouterKeyVariable] is { Length: > 0 } openRouterKey)
            {
                options.ApiKey = openRouterKey;
                keyFromOpenRouterVariable = options.BaseUrl is null;
                options.BaseUrl ??= OpenRouterBaseUrl;
            }
            else if (configuration[OpenAIKeyVariable] is { Length: > 0 } openAiKey)
            {
                options.ApiKey = openAiKey;
                options.BaseUrl ??= OpenAIBaseUrl;
            }
        }

        if (options.AllowMockLlm is null && bool.TryParse(configuration[OperatingMode.AllowMockLlmKey], out var allow))
        {
            options.AllowMockLlm = allow;
        }

        options.AllowMockLlm ??= OperatingMode.Resolve(configuration, environment).AllowMockLlm;

        // Defaults are added here, not in the initialisers: the configuration binder appends to lists.
        if (options.Models.Count == 0 && options.EffectiveProvider == LlmProviderKind.OpenAICompatible)
        {
            options.Models.Add(DefaultModelFor(options.BaseUrl) ?? "openai/gpt-4o-mini");
        }

        if (options.Simulated.Models.Count == 0)
        {
            options.Simulated.Models.Add("simulated-model");
        }

        options.Models = [.. options.Models.Distinct(StringComparer.Ordinal)];
        options.Simulated.Models = [.. options.Simulated.Models.Distinct(StringComparer.Ordinal)];

        options.ProvidersConfigured = options.Providers.Count > 0;
        if (options.ProvidersConfigured)
        {
            foreach (var provider in options.Providers)
            {
                Complete(provider, options);
            }
        }
        else
        {
            options.Providers = [.. FromSingleProviderSettings(options, keyFromOpenRouterVariable)];
        }

        if (options.SimulatedFallback && options.AllowMockLlm == true
            && !options.Providers.Any(p => p.Kind == LlmProviderKind.Simulated))
        {
            options.Providers.Add(new LlmProviderOptions
            {
                Name = SimulatedChatProvider.ProviderName,
                Kind = LlmProviderKind.Simulated,
                Models = [.. options.Simulated.Models],
                FallbackOnly = true,
            });
        }
    }

    private IEnumerable<LlmProviderOptions> FromSingleProviderSettings(LlmOptions options, bool keyFromOpenRouterVariable)
    {
        if (options.EffectiveProvider != LlmProviderKind.OpenAICompatible)
        {
            yield return new LlmProviderOptions
            {
                Name = SimulatedChatProvider.ProviderName,
                Kind = LlmProviderKind.Simulated,
                Models = [.. options.Simulated.Models],
            };
            yield break;
        }

        yield return new LlmProviderOptions
        {
            Name = ProviderNameFor(options.BaseUrl),
            Kind = LlmProviderKind.OpenAICompatible,
            BaseUrl = options.BaseUrl ?? OpenAIBaseUrl,
            ApiKey = options.ApiKey,
            Models = [.. options.Models],
            ExtraHeaders = new Dictionary<string, string>(options.ExtraHeaders, StringComparer.OrdinalIgnoreCase),
        };

        // Both well-known keys set: OpenAI directly is the natural fallback for OpenRouter.
        if (keyFromOpenRouterVariable && configuration[OpenAIKeyVariable] is { Length: > 0 } openAiKey)
        {
            yield return new LlmProviderOptions
            {
                Name = "openai",
                Kind = LlmProviderKind.OpenAICompatible,
                BaseUrl = OpenAIBaseUrl,
                ApiKey = openAiKey,
                Models = ["gpt-4o-mini"],
            };
        }
    }

    private void Complete(LlmProviderOptions provider, LlmOptions options)
    {
        if (provider.Kind == LlmProviderKind.Simulated)
        {
            if (provider.Models.Count == 0)
            {
                provider.Models.AddRange(options.Simulated.Models);
            }

            if (string.IsNullOrWhiteSpace(provider.Name))
            {
                provider.Name = SimulatedChatProvider.ProviderName;
            }

            return;
        }

        provider.Kind = LlmProviderKind.OpenAICompatible;
        provider.ApiKeyVariable ??= KeyVariableFor(provider.BaseUrl);
        if (string.IsNullOrWhiteSpace(provider.ApiKey) && provider.ApiKeyVariable is { Length: > 0 } variable)
        {
            provider.ApiKey = configuration[variable];
        }

        if (string.IsNullOrWhiteSpace(provider.Name))
        {
            provider.Name = ProviderNameFor(provider.BaseUrl);
        }

        if (provider.Models.Count == 0 && DefaultModelFor(provider.BaseUrl) is { } model)
        {
            provider.Models.Add(model);
        }

        provider.Models = [.. provider.Models.Distinct(StringComparer.Ordinal)];
    }

    private static string? HostOf(string? baseUrl) => Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri.Host : null;

    private static string? KeyVariableFor(string? baseUrl) => HostOf(baseUrl) switch
    {
        "openrouter.ai" => OpenRouterKeyVariable,
        "api.openai.com" => OpenAIKeyVariable,
        _ => null,
    };

    private static string? DefaultModelFor(string? baseUrl) => HostOf(baseUrl) switch
    {
        "openrouter.ai" => "openai/gpt-4o-mini",
        "api.openai.com" => "gpt-4o-mini",
        _ => null,
    };

    internal static string ProviderNameFor(string? baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri.Host switch
        {
            "openrouter.ai" => "openrouter",
            "api.openai.com" => "openai",
            _ => uri.Authority,
        } : "openai";
}

/// <summary>Refuses to start with settings that cannot work, naming the setting to fix.</summary>
internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public const string SimulatedRefusedMessage =
        "The simulated model is not allowed in Production. Configure a real provider: set OPENROUTER_API_KEY "
        + "or OPENAI_API_KEY (or AdminChat:Llm:BaseUrl and AdminChat:Llm:ApiKey for another OpenAI-compatible server), "
        + "or set ALLOW_MOCK_LLM=true to allow the simulated model on purpose. "
        + "| النموذج المحاكى غير مسموح به في بيئة الإنتاج. اضبط مزوّدًا حقيقيًا: عيّن OPENROUTER_API_KEY "
        + "أو OPENAI_API_KEY (أو AdminChat:Llm:BaseUrl و AdminChat:Llm:ApiKey لخادم آخر متوافق مع OpenAI)، "
        + "أو عيّن ALLOW_MOCK_LLM=true للسماح بالنموذج المحاكى عن قصد.";

    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var failures = new List<string>();
        if (options.ProvidersConfigured)
        {
            ValidateProviders(options, failures);
        }
        else
        {
            ValidateSingleProvider(options, failures);
        }

        if (options.SimulatedFallback && options.AllowMockLlm != true)
        {
            failures.Add("AdminChat:Llm:SimulatedFallback is true, but the simulated model is not allowed in this mode. "
                + "Set it to false, or set ALLOW_MOCK_LLM=true (or AdminChat:Mode=Development) on purpose.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSingleProvider(LlmOptions options, List<string> failures)
    {
        if (options.EffectiveProvider == LlmProviderKind.Simulated && options.AllowMockLlm != true)
        {
            failures.Add(SimulatedRefusedMessage);
        }

        if (options.EffectiveProvider == LlmProviderKind.OpenAICompatible)
        {
            if (!IsHttpUrl(options.BaseUrl ?? LlmOptionsSetup.OpenAIBaseUrl))
            {
                failures.Add($"AdminChat:Llm:BaseUrl must be an absolute http(s) URL; got '{options.BaseUrl}'.");
            }

            if (options.Models.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add("AdminChat:Llm:Models must not contain empty model ids.");
            }
        }
    }

    private static void ValidateProviders(LlmOptions options, List<string> failures)
    {
        for (var i = 0; i < options.Providers.Count; i++)
        {
            var provider = options.Providers[i];
            var key = $"AdminChat:Llm:Providers:{i}";
            if (provider.Kind == LlmProviderKind.Simulated)
            {
                if (options.AllowMockLlm != true && !provider.FallbackOnly)
                {
                    failures.Add($"{key} ('{provider.Name}') is the simulated model, which is not allowed in this mode. "
                        + "Remove it, or set ALLOW_MOCK_LLM=true (or AdminChat:Mode=Development) on purpose.");
                }

                continue;
            }

            if (provider.Kind != LlmProviderKind.OpenAICompatible)
            {
                failures.Add($"{key}:Kind must be OpenAICompatible or Simulated.");
            }

            if (!IsHttpUrl(provider.BaseUrl))
            {
                failures.Add($"{key}:BaseUrl must be an absolute http(s) URL; got '{provider.BaseUrl}'.");
            }

            if (provider.Models.Count == 0 || provider.Models.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{key}:Models must list at least one model id, with no empty ones.");
            }

            if (string.IsNullOrWhiteSpace(provider.ApiKey) && provider.ApiKeyVariable is { Length: > 0 } variable)
            {
                failures.Add($"{key} ('{provider.Name}') has no key: set {variable} or {key}:ApiKey.");
            }
        }

        foreach (var duplicate in options.Providers.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            failures.Add($"AdminChat:Llm:Providers has more than one provider named '{duplicate.Key}'; give each a unique Name.");
        }

        if (options.Providers.All(p => p.FallbackOnly))
        {
            failures.Add("AdminChat:Llm:Providers needs at least one provider that is not FallbackOnly.");
        }
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
