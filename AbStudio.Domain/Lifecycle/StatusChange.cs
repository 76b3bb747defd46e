namespace AbStudio.Domain.Lifecycle;

/// <summary>A status that changed, told to watchers once its transaction has committed.</summary>
public sealed record StatusChange(string Kind, Guid Id, string Status, string? Message = null, long Done = 0, long Total = 0);

/// <summary>Who hears about committed status changes (the host's notifier: pages and the status hub).</summary>
public interface IStatusObserver
{
    void Changed(StatusChange change);
}
