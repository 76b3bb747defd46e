namespace AbStudio.Domain.Requests;

/// <summary>
/// A client's <c>Idempotency-Key</c> for one endpoint: the hash of the request it came with and,
/// once that request succeeded, the resource it created. Kept in the database so a retry finds it
/// after a restart or on another web host.
/// </summary>
public sealed class IdempotencyKey
{
    /// <summary>The endpoint the key belongs to (e.g. "tests"): keys of different endpoints never meet.</summary>
    public required string Scope { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 (hex) of the request body: the same key with another body is refused.</summary>
    public required string RequestHash { get; set; }

    /// <summary>What the request created; null while it is being handled.</summary>
    public Guid? ResourceId { get; set; }

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
