using AbStudio.Domain.Runs;
using AbStudio.Domain.Runs.Results;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Features.Results.Charts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AbStudio.Web.Features.Results.Pages;

/// <summary>
/// A test's results: the latest completed run (or <c>?run=</c>), its summary and significance
/// tables, charts, and the per-query grid. Everything shown is read from the stored run; the
/// charts' per-query data is read once per metric and rebuilt by the pure chart builders.
/// </summary>
public sealed partial class ResultsPage
{
    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    private Task<Actor> ActorAsync() => PageActor.FromAsync(AuthenticationState);

    private ResultsView? _view;
    private bool _notFound;
    private string? _error;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private string _metric = "";
    private string _armA = "";
    private string _armB = "";
    private IReadOnlyList<ArmValues> _values = [];
    private ChartFigure? _bars;
    private ChartFigure _byK = new("", "", "", []);
    private ChartFigure? _histogram;
    private ChartFigure? _latency;

    [Inject] private ResultsQueries Queries { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    /// <summary>The test's id, from the route.</summary>
    [Parameter] public Guid Id { get; set; }

    /// <summary>The run to show (<c>?run=</c>); the latest completed one when absent.</summary>
    [SupplyParameterFromQuery(Name = "run")] public Guid? Run { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            _view = await Queries.GetAsync(await ActorAsync(), Id, Run);
            _notFound = _view is null;
            if (_view is not { Run: { } run, Summary: not null })
            {
                _breadcrumbs = Crumbs(_view?.TestName ?? "");
                return;
            }

            _breadcrumbs = Crumbs(_view.TestName);
            _metric = _view.Metrics.Contains(_view.PrimaryMetric) ? _view.PrimaryMetric : _view.Metrics[0];
            _armA = _view.Arms[0];
            _armB = _view.Arms[Math.Min(1, _view.Arms.Count - 1)];
            _latency = LatencyCdfChart.Build(await Queries.TotalLatenciesAsync(await ActorAsync(), run.Id));
            await LoadMetricAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or ResultsRequestException or System.Data.Common.DbException or System.Text.Json.JsonException)
        {
            _error = e.Message;
        }
    }

    private async Task LoadMetricAsync()
    {
        _values = await Queries.MetricValuesAsync(await ActorAsync(), _view!.Run!.Id, _view.Arms, _metric);
        _bars = MetricBarsChart.Build(_metric, _values, _view.Statistics);
        _byK = MetricByKChart.Build(_view.Summary!, MetricName.Parse(_metric).Family, _view.K);
        BuildHistogram();
    }

    private void BuildHistogram()
    {
        var a = _values.First(v => v.Arm == _armA).Values;
        var b = _values.First(v => v.Arm == _armB).Values;
        _histogram = DifferenceHistogram.Build(_metric, _armA, _armB, [.. b.Select((value, i) => value - a[i])]);
    }

    private async Task PickMetricAsync(string metric)
    {
        _metric = metric;
        await LoadMetricAsync();
    }

    private void PickArmA(string arm)
    {
        _armA = arm;
        BuildHistogram();
    }

    private void PickArmB(string arm)
    {
        _armB = arm;
        BuildHistogram();
    }

    private void PickRun(Guid run) => Navigation.NavigateTo($"tests/{Id}/results?run={run}");

    private List<BreadcrumbItem> Crumbs(string testName) =>
        [new("A/B tests", "tests"), new(testName, $"tests/{Id}"), new("Results", null, disabled: true)];

    internal static string RunLabel(RunChoice run) =>
        $"Run of {run.CreatedAt:yyyy-MM-dd HH:mm} UTC · {run.Status.ToString().ToLowerInvariant()}";

    internal static string NoResultsMessage(ResultsView view) => view.Run switch
    {
        null => "This test has not run yet: start it on its detail page, and its results appear here once the run completes.",
        { Status: RunStatus.Completed } => "The run completed but stored no summary; run the test again.",
        { Status: RunStatus.Failed } => "The run shown failed, so it has no results. See the error on the test's detail page.",
        { Status: RunStatus.Cancelled } => "The run shown was cancelled, so it has no results.",
        { Status: var status } => $"The run is {status.ToString().ToLowerInvariant()}: its results appear here when it completes.",
    };
}
