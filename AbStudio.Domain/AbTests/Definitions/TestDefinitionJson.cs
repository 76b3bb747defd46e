using System.Diagnostics;
using System.Text.Json;

namespace AbStudio.Domain.AbTests.Definitions;

/// <summary>
/// The one place a test definition turns from JSON into a <see cref="TestDefinition"/> and back: the
/// reader parses a submitted document with it, the persistence layer the stored column (once, when a
/// test row is read). Each parse is written to the <see cref="DiagnosticName"/> listener as
/// <see cref="ParsedEvent"/> with the definition, so a test can count parses per use case; nothing is
/// written while nobody listens.
/// </summary>
public static class TestDefinitionJson
{
    public const string DiagnosticName = "AbStudio.TestDefinitions";
    public const string ParsedEvent = "Parsed";

    private static readonly DiagnosticListener Diagnostics = new(DiagnosticName);

    /// <summary>The definition in <paramref name="json"/>, or null for the JSON literal <c>null</c>; throws <see cref="JsonException"/> on malformed JSON.</summary>
    public static TestDefinition? Parse(string json)
    {
        var definition = JsonSerializer.Deserialize<TestDefinition>(json, TestDefinitionReader.JsonOptions);
        if (definition is not null && Diagnostics.IsEnabled(ParsedEvent))
        {
            Diagnostics.Write(ParsedEvent, definition);
        }

        return definition;
    }

    /// <summary>A stored definition (the <c>DefinitionJson</c> column): as submitted by older versions, or as <see cref="Write"/> wrote it.</summary>
    public static TestDefinition ParseStored(string json) =>
        Parse(json) ?? throw new InvalidDataException("A stored test definition is empty (null).");

    /// <summary>The definition as the column stores it: the same document format the reader accepts.</summary>
    public static string Write(TestDefinition definition) => JsonSerializer.Serialize(definition, TestDefinitionReader.JsonOptions);
}
