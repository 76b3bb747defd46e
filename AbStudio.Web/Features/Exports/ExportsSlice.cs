namespace AbStudio.Web.Features.Exports;

/// <summary>A run's results as JSON, CSV, XLSX or TREC run files, and <c>/api/v1/runs/{id}/export</c>.</summary>
public static class ExportsSlice
{
    public static WebApplicationBuilder AddExports(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ExportsService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder api)
    {
        api.MapExportsApi();
        return api;
    }
}
