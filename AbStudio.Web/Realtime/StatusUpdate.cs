namespace AbStudio.Web.Realtime;

/// <summary>
/// A change of state or progress of something users watch: a collection build, a test, a run.
/// <see cref="Kind"/> and <see cref="Id"/> name it; clients watch one (kind, id) at a time.
/// </summary>
public sealed record StatusUpdate(
    string Kind,
    Guid Id,
    string Status,
    long Done,
    long Total,
    double? RatePerSecond = null,
    double? EtaSeconds = null,
    string? Message = null)
{
    public DateTime At { get; init; } = DateTime.UtcNow;

    /// <summary>The SignalR group of everyone watching this item.</summary>
    public string Group => GroupOf(Kind, Id);

    public static string GroupOf(string kind, Guid id) => $"{kind}:{id:N}";
}
