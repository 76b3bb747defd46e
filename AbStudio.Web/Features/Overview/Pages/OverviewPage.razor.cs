using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AbStudio.Web.Features.Overview.Pages;

/// <summary>
/// The dashboard: workspace numbers, the queue and the tests moving now. Any status change a job
/// publishes (a test, run, collection or job) re-reads it, at most once a second.
/// </summary>
public sealed partial class OverviewPage : IDisposable
{
    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    private Task<Actor> ActorAsync() => PageActor.FromAsync(AuthenticationState);

    private WorkspaceCounts? _counts;
    private IReadOnlyList<RecentTest>? _recent;
    private IDisposable? _subscription;
    private RenderThrottle? _reload;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _statuses = new(StringComparer.Ordinal);

    [Inject] private OverviewService Overview { get; set; } = null!;

    [Inject] private StatusNotifier Notifier { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        _reload = new RenderThrottle(() => InvokeAsync(ReloadAsync), TimeSpan.FromSeconds(1));
        _subscription = Notifier.Subscribe(OnUpdateAsync);
        await ReloadAsync();
    }

    private Task OnUpdateAsync(StatusUpdate update)
    {
        // Progress alone moves no number here: only a new status (first seen, or changed) does.
        if (_statuses.GetValueOrDefault(update.Group) != update.Status)
        {
            _statuses[update.Group] = update.Status;
            _reload?.Request();
        }

        return Task.CompletedTask;
    }

    private async Task ReloadAsync()
    {
        try
        {
            _counts = await Overview.GetCountsAsync(await ActorAsync());
            _recent = await Overview.RecentTestsAsync(await ActorAsync());
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            Snackbar.Add($"The dashboard could not be read: {e.Message}", Severity.Error);
        }

        StateHasChanged();
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _reload?.Dispose();
    }
}
