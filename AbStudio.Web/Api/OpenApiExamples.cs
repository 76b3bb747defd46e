using System.Text.Json;
using System.Text.Json.Nodes;

namespace AbStudio.Web.Api;

/// <summary>Examples in the OpenAPI document, serialized with the API's own JSON conventions so they show what the wire carries.</summary>
public static class OpenApiExamples
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>An example of the request body (a JSON string is used as written).</summary>
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder endpoint, object example)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var node = ToNode(example);
        return endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                media.Example = node.DeepClone();
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>An example of the response with <paramref name="status"/>.</summary>
    public static RouteHandlerBuilder WithResponseExample(this RouteHandlerBuilder endpoint, int status, object example)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var node = ToNode(example);
        return endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true)
            {
                foreach (var media in response.Content?.Values ?? [])
                {
                    media.Example = node.DeepClone();
                }
            }

            return Task.CompletedTask;
        });
    }

    private static JsonNode ToNode(object example) =>
        example is string json ? JsonNode.Parse(json)! : JsonSerializer.SerializeToNode(example, Wire)!;
}
