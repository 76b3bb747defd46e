using AbStudio.Web.Features.Admin;
using AbStudio.Web.Features.Overview;

namespace AbStudio.Web.Hosting;

public static class FeatureServices
{
    /// <summary>The use-case services of every feature slice; each opens its own DbContext per call.</summary>
    public static WebApplicationBuilder AddAbStudioFeatures(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<OverviewService>();
        builder.Services.AddScoped<SystemStatusService>();
        return builder;
    }
}
