using System.Text.Json;

namespace AbStudio.Web.Api;

/// <summary>
/// Reads a list filter such as <c>?status=ready</c>. The API writes enum values in camelCase, so a
/// filter must accept them as written (the framework's own enum binding is case-sensitive); numbers
/// are refused, and a wrong value is a validation problem that lists the values allowed.
/// </summary>
public static class EnumFilter
{
    public static bool TryParse<T>(string? value, string parameter, out T? result, out Dictionary<string, string[]> errors)
        where T : struct, Enum
    {
        result = null;
        errors = [];
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (!char.IsDigit(value[0]) && value[0] != '-' && Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            result = parsed;
            return true;
        }

        errors[parameter] = [$"'{value}' is not a {parameter}; use one of: {string.Join(", ", Values<T>())}."];
        return false;
    }

    /// <summary>The values as the API writes them (camelCase), for messages and descriptions.</summary>
    public static IEnumerable<string> Values<T>()
        where T : struct, Enum =>
        Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName);
}
