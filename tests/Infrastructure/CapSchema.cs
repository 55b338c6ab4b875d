using System.Xml;
using System.Xml.Schema;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>Validates documents against the CAP 1.2 schema shipped as test data (tests/Infrastructure/CapSchema, see its README).</summary>
public static class CapSchema
{
    public const string Namespace = "urn:oasis:names:tc:emergency:cap:1.2";

    private static readonly Lazy<XmlSchemaSet> Schemas = new(Load);

    public static string Path => System.IO.Path.Combine(TestPaths.Root, "tests", "Infrastructure", "CapSchema", "CAP-v1.2.xsd");

    /// <summary>Every schema error and warning in <paramref name="document"/>, one line each; empty when it is valid CAP 1.2.</summary>
    public static IReadOnlyList<string> Validate(byte[] document)
    {
        var problems = new List<string>();
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            ValidationType = ValidationType.Schema,
            Schemas = Schemas.Value,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
        };
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(document), settings);
            while (reader.Read())
            {
            }

            // An element the schema does not declare at the root is only a warning: CAP demands its root.
            reader.Close();
        }
        catch (XmlException ex)
        {
            problems.Add($"not well-formed: {ex.Message}");
        }

        using (var root = XmlReader.Create(new MemoryStream(document), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
        {
            try
            {
                if (root.MoveToContent() == XmlNodeType.Element && (root.LocalName != "alert" || root.NamespaceURI != Namespace))
                {
                    problems.Add($"root is {{{root.NamespaceURI}}}{root.LocalName}, not {{{Namespace}}}alert");
                }
            }
            catch (XmlException)
            {
            }
        }

        return problems;
    }

    private static XmlSchemaSet Load()
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        using var reader = XmlReader.Create(Path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        set.Add(Namespace, reader);
        set.Compile();
        return set;
    }
}
