using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Lifecycle;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AbStudio.Web.Features.AbTests.Pages;

/// <summary>
/// One test, live: its definition, each arm's collection and the run. Progress comes from the
/// <see cref="Components.LiveProgress"/> components; this page follows the test's own updates and re-reads the
/// database when a status changes (plan reasons, errors and the results link come from there).
/// </summary>
public sealed partial class TestPage
{
    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    private Task<Actor> ActorAsync() => PageActor.FromAsync(AuthenticationState);

    private TestDetail? _details;
    private string _testStatus = "";
    private bool _notFound;
    private bool _busy;
    private IDisposable? _subscription;
    private RenderThrottle? _reload;
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Inject] private TestsQueries Queries { get; set; } = null!;

    [Inject] private TestsService Tests { get; set; } = null!;

    [Inject] private StatusNotifier Notifier { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    /// <summary>The test's id, from the route.</summary>
    [Parameter] public Guid Id { get; set; }

    protected override async Task OnInitializedAsync()
    {
        // Subscribed before the first read, so nothing published in between is missed.
        _reload = new RenderThrottle(() => InvokeAsync(ReloadAsync), TimeSpan.FromMilliseconds(500));
        _subscription = Notifier.Subscribe(OnTestUpdateAsync);
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        try
        {
            _details = await Queries.DetailAsync(await ActorAsync(), Id);
            _notFound = _details is null;
            _testStatus = _details?.Status.ToString().ToLowerInvariant() ?? "";
            _breadcrumbs = [new("A/B tests", "tests"), new(_details?.Name ?? "", null, disabled: true)];
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            Snackbar.Add($"The test could not be read: {e.Message}", Severity.Error);
        }

        StateHasChanged();
    }

    private Task OnTestUpdateAsync(StatusUpdate update)
    {
        if (update.Kind == "test" && update.Id == Id && update.Status != _testStatus)
        {
            _testStatus = update.Status;
            _reload?.Request();
        }

        return Task.CompletedTask;
    }

    private Task OnStatusChangedAsync(StatusUpdate update)
    {
        _reload?.Request();
        return Task.CompletedTask;
    }

    private async Task StartAsync()
    {
        _busy = true;
        try
        {
            var start = await Tests.StartAsync(await ActorAsync(), Id);
            if (start.Value is { } run)
            {
                Snackbar.Add(run.Status == Domain.Runs.RunStatus.Queued ? "Started: every collection is ready, the run is queued." : "Started: building collections first.", Severity.Info);
            }
            else
            {
                Snackbar.Add(start.Refusal!.Message, Severity.Error);
            }
        }
        finally
        {
            _busy = false;
        }

        await ReloadAsync();
    }

    private async Task CancelAsync()
    {
        _busy = true;
        try
        {
            Snackbar.Add((await Tests.CancelAsync(await ActorAsync(), Id)).Succeeded ? "Cancelled." : "Nothing to cancel: the run had already ended.", Severity.Info);
        }
        finally
        {
            _busy = false;
        }

        await ReloadAsync();
    }

    // LiveProgress starts from what the page read; its updates come from the notifier.
    private static StatusUpdate SnapshotOf(Runs.RunView run) =>
        new("run", run.Id, run.Status.ToString().ToLowerInvariant(), run.Progress.Done, run.Progress.Total, Message: run.Error);

    private static StatusUpdate SnapshotOf(ArmCollectionView collection) =>
        new("collection", collection.Id, collection.Status.ToString().ToLowerInvariant(), collection.Progress.Done, collection.Progress.Total, Message: collection.Error);

    private static string PlanWord(CollectionPlanOutcome plan) => plan switch
    {
        CollectionPlanOutcome.Reused => "reuse",
        CollectionPlanOutcome.Joined => "join a build under way",
        CollectionPlanOutcome.Building => "build",
        CollectionPlanOutcome.Rebuilding => "rebuild",
        _ => plan.ToString(),
    };

    public void Dispose()
    {
        _subscription?.Dispose();
        _reload?.Dispose();
    }
}
