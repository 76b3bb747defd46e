using AbStudio.Domain.Persistence;
using AbStudio.Domain.Requests;
using Microsoft.EntityFrameworkCore;

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
/// Keys kept in the database (<c>idempotency_keys</c>) for <see cref="Retention"/>, so a retry finds
/// its key after a restart and on any web host. A request first reserves its key (the primary key
/// decides between two hosts), creates the resource, then records it; a concurrent retry waits for
/// that record. A reservation whose request died with its host is taken over after <see cref="AbandonedAfter"/>.
/// </summary>
public sealed class StoredIdempotencyKeys(IDbContextFactory<AbStudioDbContext> contexts, TimeProvider time) : IIdempotencyKeys
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(100);

    public async Task<IdempotentResult> CreateOnceAsync(string scope, string key, string requestHash, Func<CancellationToken, Task<Guid>> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        var started = time.GetUtcNow().UtcDateTime;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var expired = started - Retention;
            await db.IdempotencyKeys.Where(k => k.CreatedAt < expired).ExecuteDeleteAsync(cancellationToken);
        }

        while (true)
        {
            var now = time.GetUtcNow().UtcDateTime;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var existing = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Scope == scope && k.Key == key, cancellationToken);
            if (existing is not null)
            {
                if (existing.RequestHash != requestHash)
                {
                    return new IdempotentResult(IdempotentOutcome.KeyReused, existing.ResourceId ?? Guid.Empty);
                }

                if (existing.ResourceId is { } created)
                {
                    return new IdempotentResult(IdempotentOutcome.Replayed, created);
                }

                if (now - existing.CreatedAt < AbandonedAfter)
                {
                    // The first request with this key is still being handled (here or on another host).
                    await Task.Delay(WaitStep, cancellationToken);
                    continue;
                }

                await db.IdempotencyKeys.Where(k => k.Scope == scope && k.Key == key && k.ResourceId == null && k.CreatedAt == existing.CreatedAt)
                    .ExecuteDeleteAsync(cancellationToken);
                continue;
            }

            db.IdempotencyKeys.Add(new IdempotencyKey { Scope = scope, Key = key, RequestHash = requestHash, CreatedAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                continue; // Another request reserved the key first: look again.
            }

            Guid id;
            try
            {
                id = await create(cancellationToken);
            }
            catch
            {
                // The create failed: free the key, so the client can fix the request and send it again.
                await db.IdempotencyKeys.Where(k => k.Scope == scope && k.Key == key).ExecuteDeleteAsync(CancellationToken.None);
                throw;
            }

            await db.IdempotencyKeys.Where(k => k.Scope == scope && k.Key == key)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.ResourceId, id), CancellationToken.None);
            return new IdempotentResult(IdempotentOutcome.Created, id);
        }
    }
}
