namespace AbStudio.Web.Features.Admin;

/// <summary>The admin pages: which database, which schema, which build (no endpoint group).</summary>
public static class AdminSlice
{
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<SystemStatusService>();
        return builder;
    }
}
