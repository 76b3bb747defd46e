namespace AbStudio.Domain.Governance;

/// <summary>An append-only record of who created, ran, deleted or exported what, and when.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }
    public DateTime At { get; set; } = DateTime.UtcNow;
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public string? DetailsJson { get; set; }
}
