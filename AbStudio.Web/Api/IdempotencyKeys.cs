using System.Collections.Concurrent;

namespace AbStudio.Web.Api;

/// <summary>How a request under an <c>Idempotency-Key</c> was answered.</summary>
public enum IdempotentOutcome
{
    /// <summary>First use of the key: the resource was created now.</summary>
    Created,

    /// <summary>A retry of the same request: the resource the first one created.</summary>
    Replayed,

    /// <summary>The key was used before for a different request; nothing was done.</summary>
    KeyReused,
}

public sealed record IdempotentResult(IdempotentOutcome Outcome, Guid ResourceId);

/// <summary>
/// Remembers which resource a create request made under a client's <c>Idempotency-Key</c>, so a
/// retried POST (a timeout, a dropped connection) returns the first resource instead of a second
/// one. Only successful creates are remembered: a request that failed may be retried as is.
/// </summary>
public interface IIdempotencyKeys
{
    /// <param name="scope">The endpoint the key belongs to (keys of different endpoints never meet).</param>
    /// <param name="key">The client's Idempotency-Key header.</param>
    /// <param name="requestHash">A hash of the request body: the same key with another body is <see cref="IdempotentOutcome.KeyReused"/>.</param>
    /// <param name="create">Creates the resource and returns its id; runs at most once per key while the key is remembered.</param>
    /// <param name="cancellationToken">Stops waiting for a concurrent request with the same key.</param>
    Task<IdempotentResult> CreateOnceAsync(string scope, string key, string requestHash, Func<CancellationToken, Task<Guid>> create, CancellationToken cancellationToken);
}

/// <summary>
/// Keys held in this process for <see cref="Retention"/>. Right for one host; a key is forgotten on
/// restart and not seen by other web hosts on the same database. A durable, shared store needs a
/// table (<c>idempotency_keys</c>: scope + key unique, request hash, resource id, created at),
/// which is left to a migration of its own.
/// </summary>
public sealed class InProcessIdempotencyKeys(TimeProvider time) : IIdempotencyKeys
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<(string Scope, string Key), Entry> _entries = new();

    public async Task<IdempotentResult> CreateOnceAsync(string scope, string key, string requestHash, Func<CancellationToken, Task<Guid>> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        var now = time.GetUtcNow();
        Forget(now);
        var entry = _entries.GetOrAdd((scope, key), _ => new Entry(requestHash, now));

        // Concurrent retries of one key wait for the first: two of them must not both create.
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            if (entry.RequestHash != requestHash)
            {
                return new IdempotentResult(IdempotentOutcome.KeyReused, entry.ResourceId ?? Guid.Empty);
            }

            if (entry.ResourceId is { } existing)
            {
                return new IdempotentResult(IdempotentOutcome.Replayed, existing);
            }

            entry.ResourceId = await create(cancellationToken);
            return new IdempotentResult(IdempotentOutcome.Created, entry.ResourceId.Value);
        }
        finally
        {
            entry.Gate.Release();
            if (entry.ResourceId is null)
            {
                // The create failed: the key stays free, so the client can fix the request and send it again.
                _entries.TryRemove(new KeyValuePair<(string, string), Entry>((scope, key), entry));
            }
        }
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.ResourceId is not null && now - entry.CreatedAt > Retention)
            {
                _entries.TryRemove(new KeyValuePair<(string, string), Entry>(key, entry));
            }
        }
    }

    private sealed class Entry(string requestHash, DateTimeOffset createdAt)
    {
        public string RequestHash { get; } = requestHash;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Guid? ResourceId { get; set; }
    }
}
