namespace AdminChat.Core.Providers;

/// <summary>One entry of the model picker.</summary>
public sealed record ModelChoice(string Model, string Provider, bool IsSimulated);

/// <summary>The configured providers and the models they serve; resolves a picker choice to a provider.</summary>
public sealed class ChatModelCatalog
{
    private readonly IReadOnlyList<IChatModelProvider> _providers;

    public ChatModelCatalog(IEnumerable<IChatModelProvider> providers)
    {
        _providers = [.. providers];
        if (_providers.Count == 0)
        {
            throw new InvalidOperationException("No chat model provider is configured (AdminChat:Llm).");
        }

        Choices = [.. _providers.SelectMany(p => p.Models.Select(m => new ModelChoice(m, p.Name, p.IsSimulated)))];
    }

    public IReadOnlyList<ModelChoice> Choices { get; }

    public ModelChoice Default => Choices[0];

    /// <summary>The provider for <paramref name="model"/>; an unknown or empty model falls back to the default.</summary>
    public (IChatModelProvider Provider, ModelChoice Choice) Resolve(string? model)
    {
        var choice = Choices.FirstOrDefault(c => string.Equals(c.Model, model, StringComparison.Ordinal)) ?? Default;
        return (_providers.First(p => p.Name == choice.Provider), choice);
    }
}
