using AbStudio.Domain.Lifecycle;
using AbStudio.Web.Features.AbTests.Designer;

namespace AbStudio.Web.Features.AbTests;

/// <summary>A/B tests: the designer, the test pages and <c>/api/v1/tests</c>.</summary>
public static class AbTestsSlice
{
    public static WebApplicationBuilder AddAbTests(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The one owner of the life of a test: every status change of tests, runs, collections and jobs.
        builder.Services.AddSingleton<TestLifecycle>();
        builder.Services.AddSingleton<TestsService>();
        builder.Services.AddSingleton<TestsQueries>();
        builder.Services.AddSingleton<CollectionsPreview>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAbTests(this IEndpointRouteBuilder api)
    {
        api.MapTestsApi();
        return api;
    }
}
