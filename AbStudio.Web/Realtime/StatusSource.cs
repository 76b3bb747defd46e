using AbStudio.Domain.Persistence;

namespace AbStudio.Web.Realtime;

/// <summary>
/// One kind of item users watch, as the database holds it: its current state (for
/// <see cref="StatusSnapshots"/>) and the items whose state may be moving (for <see cref="StatusRelay"/>).
/// A new kind is one subclass and a line in <see cref="StatusSources.All"/>.
/// </summary>
public abstract class StatusSource
{
    /// <summary>The name clients watch it by (<see cref="StatusUpdate.Kind"/>).</summary>
    public abstract string Kind { get; }

    public abstract IQueryable<StatusRow> One(AbStudioDbContext db, Guid id);

    /// <summary>
    /// Every unfinished item, the items that were unfinished at the last look (to see them finish),
    /// and, where the table records it, those that finished at or after <paramref name="finishedSince"/>.
    /// </summary>
    public abstract IQueryable<StatusRow> Moving(AbStudioDbContext db, Guid[] unfinishedBefore, DateTime finishedSince);
}

/// <summary>An item's state as read from its row.</summary>
public sealed record StatusRow(Guid Id, Enum Status, long Done, long Total, string? Message, bool Finished)
{
    public StatusUpdate ToUpdate(string kind) => new(kind, Id, Status.ToString().ToLowerInvariant(), Done, Total, Message: Message);
}
