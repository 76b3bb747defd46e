namespace AbStudio.Domain.Governance;

/// <summary>A group of users that owns datasets, tests, runs, collections and exports (docs/adr/0006).</summary>
public sealed class Team
{
    /// <summary>The team every row had before teams existed, and the first admin's (migration <c>TeamOwnership</c>).</summary>
    public static readonly Guid DefaultId = new("00000000-0000-7000-8000-000000000001");

    public const string DefaultName = "default";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public List<TeamMember> Members { get; set; } = [];
}

/// <summary>A user's place in a team. The user lives in the accounts database (<c>users</c>), so only its id is here.</summary>
public sealed class TeamMember
{
    public Guid TeamId { get; set; }
    public Guid UserId { get; set; }
    public DateTime AddedAt { get; set; } = DateTime.UtcNow;
}
