namespace AbStudio.Domain.Governance;

/// <summary>
/// A personal API token. The secret is never stored: only its SHA-256 (docs/adr/0006). The
/// prefix is public and finds the row.
/// </summary>
public sealed class ApiToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }

    /// <summary>What the user called it ("nightly CI"), shown in lists.</summary>
    public required string Name { get; set; }

    /// <summary>Random, public, unique: the <c>PREFIX</c> of <c>abs_PREFIX_SECRET</c>.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the secret's bytes.</summary>
    public required byte[] SecretHash { get; set; }

    public TokenScope Scope { get; set; } = TokenScope.Full;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>What a token may do: everything its user may, or only read.</summary>
public enum TokenScope
{
    Full,
    Read,
}
