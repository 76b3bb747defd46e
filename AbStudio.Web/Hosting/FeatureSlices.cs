using AbStudio.Web.Features.AbTests;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Features.Admin;
using AbStudio.Web.Features.Collections;
using AbStudio.Web.Features.Datasets;
using AbStudio.Web.Features.Exports;
using AbStudio.Web.Features.Jobs;
using AbStudio.Web.Features.Overview;
using AbStudio.Web.Features.Results;
using AbStudio.Web.Features.Runs;

namespace AbStudio.Web.Hosting;

/// <summary>
/// Composes the feature slices: each <c>Features/&lt;Name&gt;/&lt;Name&gt;Slice.cs</c> registers its own
/// services and options and maps its own endpoint group; this file only lists them.
/// </summary>
public static class FeatureSlices
{
    /// <summary>The use-case services of every feature slice; each opens its own DbContext per call.</summary>
    public static WebApplicationBuilder AddAbStudioFeatures(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(TimeProvider.System);
        return builder
            .AddAccounts()
            .AddOverview()
            .AddAdmin()
            .AddDatasets()
            .AddCollections()
            .AddAbTests()
            .AddRuns()
            .AddResults()
            .AddExports()
            .AddJobs();
    }

    /// <summary>Every slice's endpoint group under <paramref name="api"/> (<c>/api/v1</c>).</summary>
    public static IEndpointRouteBuilder MapAbStudioFeatures(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);

        // The order of the OpenAPI document's paths (the snapshot test compares it).
        return api
            .MapDatasets()
            .MapCollections()
            .MapJobs()
            .MapAbTests()
            .MapRuns()
            .MapExports();
    }
}
