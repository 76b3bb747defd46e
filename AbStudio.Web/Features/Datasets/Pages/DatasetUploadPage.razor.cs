using AbStudio.Domain.Datasets.Import;
using AbStudio.Web.Components.Shared;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace AbStudio.Web.Features.Datasets.Pages;

/// <summary>
/// Uploads a dataset from the browser and imports it all or nothing. The transfer is shown in bytes;
/// the import that follows runs inside the same call, so it shows as an indeterminate bar, and its
/// refusal as the importer's errors line by line.
/// </summary>
public sealed partial class DatasetUploadPage : IDisposable
{
    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    private Task<Actor> ActorAsync() => PageActor.FromAsync(AuthenticationState);

    private static readonly List<BreadcrumbItem> Breadcrumbs = [new("Datasets", "datasets"), new("Upload", null, disabled: true)];

    private readonly CancellationTokenSource _leaving = new();
    private IReadOnlyList<IBrowserFile> _files = [];
    private string? _name;
    private string? _team;
    private Domain.Datasets.DatasetFormat? _format;
    private string? _split;
    private bool _busy;
    private long _sent;
    private long _total;
    private string? _uploadProblem;
    private DatasetImportException? _importErrors;
    private RenderThrottle? _progress;

    [Inject] private DatasetsService Datasets { get; set; } = null!;

    [Inject] private DatasetUploadLimits Limits { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    protected override void OnInitialized() =>
        _progress = new RenderThrottle(() => InvokeAsync(StateHasChanged), TimeSpan.FromMilliseconds(200));

    private static Dictionary<string, object> Field(string name) => new() { ["data-field"] = name };

    private string PathOf(IBrowserFile file) => _files.Count == 1 ? file.Name : DatasetFilePaths.PathOf(file.Name);

    private void OnFilesPicked(IReadOnlyList<IBrowserFile>? files)
    {
        _files = files ?? [];
        _uploadProblem = null;
        _importErrors = null;
    }

    private async Task UploadAsync()
    {
        _busy = true;
        _uploadProblem = null;
        _importErrors = null;
        _sent = 0;
        _total = _files.Sum(f => f.Size);
        var upload = new DatasetUpload(
            [.. _files.Select(file => new UploadedFile(PathOf(file), () => new UploadProgressStream(
                file.OpenReadStream(Limits.MaxBytes, _leaving.Token), OnBytesRead)))],
            _format,
            string.IsNullOrWhiteSpace(_name) ? null : _name.Trim(),
            string.IsNullOrWhiteSpace(_split) ? null : _split.Trim(),
            CreatedBy: "console")
        {
            Team = string.IsNullOrWhiteSpace(_team) ? null : _team.Trim(),
        };
        try
        {
            var imported = await Datasets.ImportAsync(await ActorAsync(), upload, _leaving.Token);
            if (imported.Refusal is { } refusal)
            {
                _uploadProblem = refusal.Message;
                return;
            }

            var dataset = imported.Value!;
            Snackbar.Add($"Imported '{dataset.Name}': {DisplayText.Count(dataset.Documents)} documents, {DisplayText.Count(dataset.Queries)} queries.", Severity.Success);
            Navigation.NavigateTo($"datasets/{dataset.Id}");
        }
        catch (DatasetImportException e)
        {
            _importErrors = e;
        }
        catch (DatasetUploadException e)
        {
            _uploadProblem = e.Message;
        }
        catch (IOException e)
        {
            // A file larger than the limit, or a browser that went away mid-transfer.
            _uploadProblem = $"The files could not be read from the browser: {e.Message}";
        }
        finally
        {
            _busy = false;
        }
    }

    private void OnBytesRead(long count)
    {
        _sent += count;
        _progress?.Request();
    }

    public void Dispose()
    {
        _progress?.Dispose();
        _leaving.Cancel();
        _leaving.Dispose();
    }
}
