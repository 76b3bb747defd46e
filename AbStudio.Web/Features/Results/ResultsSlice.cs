using AbStudio.Domain.Runs.Results;

namespace AbStudio.Web.Features.Results;

/// <summary>Reading a run's results back: summaries, per-query comparison and drill-down (pages only; the API is the Runs slice's).</summary>
public static class ResultsSlice
{
    public static WebApplicationBuilder AddResults(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<RunResultsReader>();
        builder.Services.AddSingleton<QueryComparison>();
        builder.Services.AddSingleton<QueryDrillDown>();
        builder.Services.AddSingleton<ResultsQueries>();
        return builder;
    }
}
