using AbStudio.Web.Components.Shared;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AbStudio.Web.Features.Collections.Pages;

/// <summary>One collection: configuration, build statistics and error, the tests that use it, and a guarded delete.</summary>
public sealed partial class CollectionPage
{
    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    private Task<Actor> ActorAsync() => PageActor.FromAsync(AuthenticationState);

    private CollectionDetail? _collection;
    private StatusUpdate? _snapshot;
    private string _configuration = "";
    private string? _datasetName;
    private IReadOnlyList<CollectionUser> _users = [];
    private bool _notFound;
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Inject] private CollectionsService Collections { get; set; } = null!;

    [Inject] private CollectionsQueries Queries { get; set; } = null!;

    [Inject] private DeletionPrompt Deletion { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    /// <summary>The collection's id, from the route.</summary>
    [Parameter] public Guid Id { get; set; }

    protected override Task OnParametersSetAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        try
        {
            _collection = await Collections.GetAsync(await ActorAsync(), Id);
            _notFound = _collection is null;
            if (_collection is { } c)
            {
                _snapshot = new StatusUpdate("collection", c.Id, c.Status.ToString().ToLowerInvariant(), c.Progress.ChunksDone, c.Progress.ChunksTotal, Message: c.Error);
                _configuration = DisplayText.Json(c.Configuration);
                _datasetName = await Queries.DatasetNameAsync(await ActorAsync(), c.DatasetId);
                _users = await Queries.UsersAsync(await ActorAsync(), c.Id);
                _breadcrumbs = [new("Collections", "collections"), new(DisplayText.ShortHash(c.Fingerprint), null, disabled: true)];
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            Snackbar.Add($"The collection could not be read: {e.Message}", Severity.Error);
        }
    }

    // A finished or failed build brings statistics and errors that only the database has.
    private async Task OnStatusChangedAsync(StatusUpdate update)
    {
        await ReloadAsync();
        StateHasChanged();
    }

    private async Task DeleteAsync()
    {
        if (_collection is { } c
            && await Deletion.ConfirmAndDeleteAsync("collection", DisplayText.ShortHash(c.Fingerprint),
                CollectionsPage.Consequence(c.Fingerprint, c.Stats.SizeBytes), async () => await Collections.DeleteAsync(await ActorAsync(), c.Id)))
        {
            Navigation.NavigateTo("collections");
        }
    }
}
