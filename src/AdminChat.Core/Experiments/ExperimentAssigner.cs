using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AdminChat.Core.Experiments;

/// <summary>
/// Puts a user in a variant by a hash of (experiment, user): the same person lands in the same variant across sessions,
/// restarts and server instances, with no table of assignments to keep. SHA-256 rather than string.GetHashCode, which
/// is randomized per process.
/// </summary>
public static class ExperimentAssigner
{
    /// <summary>A number in [0, 1) that depends only on the experiment and the user.</summary>
    public static double Position(int experimentId, string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{experimentId}:{userId}"), hash);
        // The top 53 bits make an exactly representable double in [0, 1).
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>The index of the user's variant among <paramref name="weights"/>; each gets a share proportional to its weight.</summary>
    public static int Assign(int experimentId, string userId, IReadOnlyList<int> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var total = weights.Sum();
        if (weights.Count == 0 || total <= 0 || weights.Any(w => w < 0))
        {
            throw new ArgumentException("At least one positive weight and no negative ones are needed.", nameof(weights));
        }

        var target = Position(experimentId, userId) * total;
        var cumulative = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            cumulative += weights[i];
            if (target < cumulative)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }
}
