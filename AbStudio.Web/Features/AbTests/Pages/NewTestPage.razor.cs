using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Lifecycle;
using AbStudio.Web.Features.AbTests.Designer;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using MudBlazor.Utilities;

namespace AbStudio.Web.Features.AbTests.Pages;

/// <summary>
/// The test designer: a form that becomes a <see cref="TestDefinition"/> (checked as the API checks
/// it, each problem shown at its field), a preview of the collections it needs, and "Create and
/// start". <c>?from={id}</c> starts from a copy of an existing test's stored definition.
/// </summary>
public sealed partial class NewTestPage
{
    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    private Task<Actor> ActorAsync() => PageActor.FromAsync(AuthenticationState);

    private TestDesign _design = new();
    private IReadOnlyList<DatasetChoice>? _datasets;
    private MudForm? _form;
    private bool _attempted;
    private bool _busy;
    private bool _showImport;
    private bool _previewing;
    private CollectionsPreviewResult? _preview;
    private string? _clonedFrom;
    private readonly List<BreadcrumbItem> _breadcrumbs = [new("A/B tests", "tests"), new("New", null, disabled: true)];

    [Inject] private TestsQueries Queries { get; set; } = null!;

    [Inject] private TestsService Tests { get; set; } = null!;

    [Inject] private CollectionsPreview Previews { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    /// <summary>A test to clone (<c>/tests/new?from={id}</c>).</summary>
    [SupplyParameterFromQuery(Name = "from")] public Guid? From { get; set; }

    /// <summary>The dataset to start from (<c>/tests/new?dataset={id}</c>, the dataset page's "New test").</summary>
    [SupplyParameterFromQuery(Name = "dataset")] public Guid? Dataset { get; set; }

    private IReadOnlyList<string> Splits =>
        _datasets?.FirstOrDefault(d => d.Id == _design.DatasetId) is { Splits.Count: > 0 } dataset ? dataset.Splits : [_design.Split];

    protected override async Task OnInitializedAsync()
    {
        _datasets = await Queries.DatasetsAsync(await ActorAsync());
        if (From is { } from && await Queries.DefinitionOfAsync(await ActorAsync(), from) is { } stored)
        {
            var definition = stored.Definition;
            _clonedFrom = definition.Name;
            _design = TestDesignMapper.FromDefinition(definition);
            _design.Name = $"{definition.Name} (copy)";
            _design.DatasetId = stored.DatasetId;
        }
        else if (From is not null)
        {
            Snackbar.Add("The test to clone no longer exists; starting from a blank design.", Severity.Warning);
        }

        _design.DatasetId ??= _datasets.FirstOrDefault(d => d.Id == Dataset)?.Id ?? (_datasets.Count > 0 ? _datasets[0].Id : null);
    }

    private string DatasetLabel(Guid? id) =>
        _datasets?.FirstOrDefault(d => d.Id == id) is { } d ? $"{d.Name} · {d.Documents:N0} docs · {d.Queries:N0} queries" : "";

    private void OnDatasetChanged(Guid? id)
    {
        _design.DatasetId = id;
        if (!Splits.Contains(_design.Split))
        {
            _design.Split = Splits.Contains("test") ? "test" : Splits[0];
        }

        _preview = null;
    }

    // Re-rendering the page re-checks the form, so a problem disappears as soon as its field is fixed.
    private void OnFieldChanged(FormFieldChangedEventArgs args) => _preview = null;

    private void AddArm() => _design.Arms.Add(ArmDesign.Vector($"arm-{_design.Arms.Count + 1}", "hashing"));

    private void RemoveArm(ArmDesign arm) => _design.Arms.Remove(arm);

    private void OnImported(TestDefinition definition)
    {
        var datasetId = definition.Dataset.Id is { } id && _datasets!.Any(d => d.Id == id) ? id : _design.DatasetId;
        _design = TestDesignMapper.FromDefinition(definition);
        _design.DatasetId = datasetId;
        _attempted = true;
        _preview = null;
        Snackbar.Add($"Imported '{definition.Name}'.", Severity.Info);
    }

    private async Task PreviewAsync()
    {
        _attempted = true;
        var check = TestDesignMapper.Check(_design);
        if (!check.IsValid)
        {
            Snackbar.Add("Fix the problems shown before previewing.", Severity.Warning);
            return;
        }

        _previewing = true;
        try
        {
            _preview = await Previews.PreviewAsync(await ActorAsync(), check.Definition, _design.DatasetId!.Value);
        }
        catch (InvalidOperationException e)
        {
            Snackbar.Add($"No preview: {e.Message}", Severity.Error);
        }
        finally
        {
            _previewing = false;
        }
    }

    private async Task CreateAndStartAsync()
    {
        _attempted = true;
        var check = TestDesignMapper.Check(_design);
        if (!check.IsValid)
        {
            Snackbar.Add($"{check.Problems.Count} problem{(check.Problems.Count == 1 ? "" : "s")} to fix; each is shown at its field.", Severity.Warning);
            return;
        }

        _busy = true;
        Guid? created = null;
        try
        {
            var actor = await ActorAsync();
            var stored = await Tests.CreateAsync(actor, check.Definition, _design.DatasetId!.Value, createdBy: actor.Name);
            if (stored.Refusal is { } refused)
            {
                Snackbar.Add(refused.Message, Severity.Error);
                return;
            }

            created = stored.Value!.Id;
            if ((await Tests.StartAsync(actor, created.Value)).Refusal is { } refusal)
            {
                // Stored as a draft; its page offers Start once the cause (a missing model, a server) is fixed.
                Snackbar.Add($"Created, but it did not start: {refusal.Message}", Severity.Error);
            }
        }
        catch (TestDefinitionException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }

        if (created is { } id)
        {
            Navigation.NavigateTo($"tests/{id}");
        }
    }
}
