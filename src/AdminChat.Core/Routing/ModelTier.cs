namespace AdminChat.Core.Routing;

/// <summary>The four model tiers, cheapest first: escalation always moves to a higher value.</summary>
public enum ModelTier
{
    Nano,
    Fast,
    Smart,
    Genius,
}
