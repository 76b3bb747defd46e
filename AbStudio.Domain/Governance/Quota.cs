namespace AbStudio.Domain.Governance;

/// <summary>Limits for one subject (a user name, or "role:NAME" for everyone in a role).</summary>
public sealed class Quota
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Subject { get; set; }
    public int? MaxActiveTests { get; set; }
    public int? MaxCollections { get; set; }
    public long? MaxStorageBytes { get; set; }
    public int? MaxRunsPerDay { get; set; }
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}
