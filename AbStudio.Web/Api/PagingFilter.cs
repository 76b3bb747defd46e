namespace AbStudio.Web.Api;

public static class PagingFilter
{
    /// <summary>
    /// Refuses an out-of-range <see cref="PageQuery"/> with a 400 validation problem before the handler
    /// runs, and documents that response; every paged endpoint gets the same check from one place.
    /// </summary>
    public static RouteHandlerBuilder WithPaging(this RouteHandlerBuilder endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint
            .AddEndpointFilter(async (context, next) =>
            {
                var query = context.Arguments.OfType<PageQuery>().Single();
                var errors = query.Validate();
                return errors.Count > 0
                    ? TypedResults.ValidationProblem(errors, title: "The page asked for is out of range")
                    : await next(context);
            })
            .ProducesValidationProblem();
    }
}
