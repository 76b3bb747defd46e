using System.Security.Cryptography;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Accounts;

/// <summary>A token just created: <see cref="Token"/> is the only time the secret exists outside the caller's hands.</summary>
public sealed record NewApiToken(Guid Id, string Token, string Prefix, TokenScope Scope, DateTime ExpiresAt);

/// <summary>A token as lists show it: never the secret nor its hash.</summary>
public sealed record ApiTokenSummary(Guid Id, string Name, string Prefix, TokenScope Scope, DateTime CreatedAt, DateTime ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>Who a verified token acts for, and how far.</summary>
public sealed record VerifiedToken(Guid TokenId, Guid UserId, TokenScope Scope);

/// <summary>
/// Personal API tokens (docs/adr/0006): create (the secret is returned once), verify, revoke, list.
/// Log events name a token by its public prefix only.
/// </summary>
public sealed partial class ApiTokens(IDbContextFactory<AbStudioDbContext> contexts, TimeProvider clock, ILogger<ApiTokens> logger)
{
    /// <summary>Last-used time is written at most this often, so a busy script does not make every read a write.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Tokens always expire; a year is the longest a token may live.</summary>
    public static readonly TimeSpan LongestLifetime = TimeSpan.FromDays(365);

    public async Task<NewApiToken> CreateAsync(Guid userId, string name, TokenScope scope, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lifetime, LongestLifetime);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var (prefix, secret) = ApiTokenFormat.NewToken();

        // 32 random bits: a clash is rare but possible; the unique index would refuse it, so pick again.
        while (await db.ApiTokens.AnyAsync(t => t.Prefix == prefix, cancellationToken))
        {
            (prefix, secret) = ApiTokenFormat.NewToken();
        }

        var token = new ApiToken
        {
            UserId = userId,
            Name = name.Trim(),
            Prefix = prefix,
            SecretHash = ApiTokenFormat.Hash(secret),
            Scope = scope,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(prefix, userId, scope, token.ExpiresAt);
        return new NewApiToken(token.Id, ApiTokenFormat.Write(prefix, secret), prefix, scope, token.ExpiresAt);
    }

    /// <summary>The token's user and scope, or null when it is malformed, unknown, wrong, expired or revoked (callers answer 401 alike).</summary>
    public async Task<VerifiedToken?> VerifyAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (!ApiTokenFormat.TryRead(presented, out var prefix, out var secret))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Prefix == prefix, cancellationToken);

        var presentedHash = ApiTokenFormat.Hash(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        if (token is null || !CryptographicOperations.FixedTimeEquals(presentedHash, token.SecretHash))
        {
            LogRefused(prefix, "unknown prefix or wrong secret");
            return null;
        }

        if (token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            LogRefused(prefix, token.RevokedAt is not null ? "revoked" : "expired");
            return null;
        }

        if (token.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedResolution)
        {
            // Guarded on the value read: of two requests in the same minute, one writes.
            await db.ApiTokens
                .Where(t => t.Id == token.Id && t.LastUsedAt == token.LastUsedAt)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        return new VerifiedToken(token.Id, token.UserId, token.Scope);
    }

    /// <summary>Revokes one of the user's tokens; false when the user has no such token (or it is already revoked).</summary>
    public async Task<bool> RevokeAsync(Guid userId, Guid tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null, cancellationToken);
        if (token is null)
        {
            return false;
        }

        token.RevokedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        LogRevoked(token.Prefix, userId);
        return true;
    }

    /// <summary>The user's tokens, newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenSummary>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking()
            .Where(t => t.UserId == userId)
            .OrderByDescending(t => t.Id)
            .Select(t => new ApiTokenSummary(t.Id, t.Name, t.Prefix, t.Scope, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API token {Prefix} created for user {UserId} (scope {Scope}, expires {ExpiresAt:o})")]
    private partial void LogCreated(string prefix, Guid userId, TokenScope scope, DateTime expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "API token {Prefix} revoked by user {UserId}")]
    private partial void LogRevoked(string prefix, Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "API token {Prefix} refused: {Reason}")]
    private partial void LogRefused(string prefix, string reason);
}
