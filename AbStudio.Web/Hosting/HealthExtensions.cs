using System.Text.Json;
using AbStudio.Domain.Persistence;
using AbStudio.Identity;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AbStudio.Web.Hosting;

public static class HealthExtensions
{
    public static WebApplicationBuilder AddAbStudioHealth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    /// <summary>
    /// <c>GET /health/live</c>, anonymous for load balancers: the status only (200 or 503), no detail.
    /// <c>GET /health</c>, for admins: each check's result as JSON, which names the database and its schema.
    /// </summary>
    public static WebApplication MapAbStudioHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { ResponseWriter = WriteStatusOnlyAsync }).AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteReportAsync }).RequireAuthorization(Policies.Admin);
        return app;
    }

    private static Task WriteStatusOnlyAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(report.Status.ToString(), context.RequestAborted);
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(entry => new
            {
                name = entry.Key,
                status = entry.Value.Status.ToString(),
                description = entry.Value.Description,
                durationMs = Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
    }
}

/// <summary>Healthy when the database answers and its schema has every migration applied, the accounts' ones included.</summary>
internal sealed class DatabaseHealthCheck(
    IDbContextFactory<AbStudioDbContext> contextFactory,
    IDbContextFactory<AccountsDbContext> accountsFactory,
    DatabaseTarget target) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy($"{target.Describe()}: cannot connect");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await using var accounts = await accountsFactory.CreateDbContextAsync(cancellationToken);
            pending.AddRange(await accounts.Database.GetPendingMigrationsAsync(cancellationToken));
            return pending.Count == 0
                ? HealthCheckResult.Healthy($"{target.Describe()}: schema up to date")
                : HealthCheckResult.Unhealthy($"{target.Describe()}: {pending.Count} migration(s) not applied; run the 'migrate' verb");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"{target.Describe()}: {e.Message}", e);
        }
    }
}
