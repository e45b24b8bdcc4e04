using AdminChat.Core.Providers;
using Polly.CircuitBreaker;

namespace AdminChat.Core.Resilience;

public enum ProviderStatus
{
    /// <summary>Answering, or not asked yet.</summary>
    Healthy,

    /// <summary>Answering, but its latest calls failed, or its circuit is letting a probe through.</summary>
    Degraded,

    /// <summary>Its circuit is open: it is skipped until the break ends.</summary>
    Open,
}

/// <summary>What admins see of a provider on the providers page and in /health/ready.</summary>
public sealed record ProviderHealthSnapshot(
    string Name,
    bool Simulated,
    bool InPicker,
    ProviderStatus Status,
    CircuitState Circuit,
    long Successes,
    long Failures,
    ChatErrorKind? LastErrorKind,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? LastSuccessAt);

/// <summary>Counters and the circuit state of one provider, shared by every circuit of the app.</summary>
public sealed class ProviderHealth(ConfiguredProvider provider, CircuitBreakerStateProvider circuit, TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _successes;
    private long _failures;
    private bool _lastFailed;
    private ChatErrorKind? _lastErrorKind;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _lastSuccessAt;

    public string Name => provider.Name;

    public CircuitState Circuit => circuit.CircuitState;

    public void RecordSuccess()
    {
        lock (_gate)
        {
            _successes++;
            _lastFailed = false;
            _lastSuccessAt = time.GetUtcNow();
        }
    }

    public void RecordFailure(ChatErrorKind kind)
    {
        lock (_gate)
        {
            _failures++;
            _lastFailed = true;
            _lastErrorKind = kind;
            _lastErrorAt = time.GetUtcNow();
        }
    }

    public ProviderHealthSnapshot Snapshot()
    {
        lock (_gate)
        {
            var state = circuit.CircuitState;
            var status = state switch
            {
                CircuitState.Open or CircuitState.Isolated => ProviderStatus.Open,
                CircuitState.HalfOpen => ProviderStatus.Degraded,
                _ when _lastFailed => ProviderStatus.Degraded,
                _ => ProviderStatus.Healthy,
            };
            return new ProviderHealthSnapshot(Name, provider.Provider.IsSimulated, provider.InPicker, status, state,
                _successes, _failures, _lastErrorKind, _lastErrorAt, _lastSuccessAt);
        }
    }
}
