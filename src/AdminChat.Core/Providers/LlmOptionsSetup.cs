using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Providers;

/// <summary>
/// Fills <see cref="LlmOptions"/> from the variables operators already use (OPENROUTER_API_KEY,
/// OPENAI_API_KEY, ALLOW_MOCK_LLM) when the AdminChat section leaves them unset.
/// </summary>
internal sealed class LlmOptionsSetup(IConfiguration configuration, IHostEnvironment environment)
    : IPostConfigureOptions<LlmOptions>
{
    internal const string OpenRouterBaseUrl = "https://openrouter.ai/api/v1";
    internal const string OpenAIBaseUrl = "https://api.openai.com/v1";

    public void PostConfigure(string? name, LlmOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            if (configuration["OPENROUTER_API_KEY"] is { Length: > 0 } openRouterKey)
            {
                options.ApiKey = openRouterKey;
                options.BaseUrl ??= OpenRouterBaseUrl;
            }
            else if (configuration["OPENAI_API_KEY"] is { Length: > 0 } openAiKey)
            {
                options.ApiKey = openAiKey;
                options.BaseUrl ??= OpenAIBaseUrl;
            }
        }

        if (options.AllowMockLlm is null && bool.TryParse(configuration["ALLOW_MOCK_LLM"], out var allow))
        {
            options.AllowMockLlm = allow;
        }

        options.AllowMockLlm ??= environment.IsDevelopment();

        // Defaults are added here, not in the initialisers: the configuration binder appends to lists.
        if (options.Models.Count == 0 && options.EffectiveProvider == LlmProviderKind.OpenAICompatible)
        {
            options.Models.Add("openai/gpt-4o-mini");
        }

        if (options.Simulated.Models.Count == 0)
        {
            options.Simulated.Models.Add("simulated-model");
        }

        options.Models = [.. options.Models.Distinct(StringComparer.Ordinal)];
        options.Simulated.Models = [.. options.Simulated.Models.Distinct(StringComparer.Ordinal)];
    }
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
        if (options.EffectiveProvider == LlmProviderKind.Simulated && options.AllowMockLlm != true)
        {
            failures.Add(SimulatedRefusedMessage);
        }

        if (options.EffectiveProvider == LlmProviderKind.OpenAICompatible)
        {
            if (!Uri.TryCreate(options.BaseUrl ?? LlmOptionsSetup.OpenAIBaseUrl, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"AdminChat:Llm:BaseUrl must be an absolute http(s) URL; got '{options.BaseUrl}'.");
            }

            if (options.Models.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add("AdminChat:Llm:Models must not contain empty model ids.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
