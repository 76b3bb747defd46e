using System.Text.Json.Serialization;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;

namespace AbStudio.Web.Api;

public static class ApiExtensions
{
    public const string Prefix = "/api";

    /// <summary>Problem details, JSON conventions and the OpenAPI document for <c>/api/v1</c>.</summary>
    public static WebApplicationBuilder AddAbStudioApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();

        // Registered last, so it answers only what the handlers before it left.
        builder.Services.AddExceptionHandler<UnexpectedExceptionHandler>();
        builder.Services.AddSingleton<IIdempotencyKeys, StoredIdempotencyKeys>();

        // Binding failures throw (instead of an empty 400) so the handler above can say what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        // camelCase is the web default; enums travel as their names ("ready"), not numbers.
        builder.Services.Configure<JsonOptions>(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));

        builder.Services.AddOpenApi("v1", options =>
        {
            // Only the API: the console's pages and hubs are not part of the contract.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "AbStudio API";
                document.Info.Description = "Datasets, collections, jobs, A/B tests and their runs and results of AbStudio. Lists are paged ({ items, page, pageSize, total }); errors are RFC 7807 problem details. See docs/api.md.";
                document.Info.Version = "v1";

                // The host a document is served from varies; a snapshot and clients should not depend on it.
                document.Servers = [];
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>
    /// The API's error handling, <c>/openapi/v1.json</c> and the reference page at <c>/api/reference</c>;
    /// returns the <c>/api/v1</c> group that the feature slices map their endpoint groups into. Call
    /// after the console's pipeline: the API's own error handling then answers first, so an API client
    /// never gets the console's HTML error or not-found page.
    /// </summary>
    public static RouteGroupBuilder MapAbStudioApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(Prefix),
            api =>
            {
                api.UseExceptionHandler();

                // A bare status from routing (no such path, method or content type) gets a problem body too.
                api.UseStatusCodePages(StatusProblems.WriteAsync);
            });

        // The contract and its reference page describe the API's shape, not anyone's data: anonymous,
        // so client generators and a newcomer reading the docs need no token.
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference(Prefix + "/reference", options => options
            .WithTitle("AbStudio API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        var v1 = app.MapGroup(Prefix + "/v1");

        // Every endpoint's policy follows from its method, so a new endpoint cannot be mapped without
        // one: reads for any role within the caller's teams, changes only with a bearer token (Policies.ApiWrite).
        ((IEndpointConventionBuilder)v1).Finally(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
            var reads = methods.Count > 0 && methods.All(m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m));
            endpoint.Metadata.Add(new AuthorizeAttribute(reads ? Policies.Read : Policies.ApiWrite));
        });
        return v1;
    }
}
