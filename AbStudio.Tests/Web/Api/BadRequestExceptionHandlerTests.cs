using System.Text.Json;
using AbStudio.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Api;

/// <summary>
/// Requests the framework cannot read become problems with its status and message. No endpoint
/// takes a JSON body yet (tests and runs will), so malformed JSON is exercised on the handler itself.
/// </summary>
public sealed class BadRequestExceptionHandlerTests
{
    [Theory]
    [InlineData(400, "Failed to read parameter \"TestDefinition definition\" from the request body as JSON.", "The request could not be read")]
    [InlineData(415, "Expected a supported JSON media type but got \"text/plain\".", "Unsupported content type")]
    [InlineData(413, "Request body too large. The max request body size is 30000000 bytes.", "The request body is too large")]
    public async Task TryHandle_BadHttpRequest_ProblemWithItsStatusAndMessage(int status, string message, string title)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        context.Request.Headers.Accept = "application/json";
        var handler = new BadRequestExceptionHandler(services.GetRequiredService<IProblemDetailsService>());

        var handled = await handler.TryHandleAsync(context, new BadHttpRequestException(message, status), TestContext.Current.CancellationToken);

        Assert.True(handled);
        Assert.Equal(status, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(title, problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(message, problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TryHandle_OtherException_LeftToTheDefault500()
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var handler = new BadRequestExceptionHandler(services.GetRequiredService<IProblemDetailsService>());

        var handled = await handler.TryHandleAsync(new DefaultHttpContext(), new InvalidOperationException("bug"), TestContext.Current.CancellationToken);

        Assert.False(handled);
    }
}
