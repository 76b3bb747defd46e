namespace AbStudio.Web.Features.Overview;

/// <summary>The dashboard: workspace counts, the queue, tests moving now or lately (no endpoint group).</summary>
public static class OverviewSlice
{
    public static WebApplicationBuilder AddOverview(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<OverviewService>();
        return builder;
    }
}
