namespace HeatRelief.Sites;

/// <summary>
/// One problem of a refused import: the line (1 is the header; 0 when the file as a whole is refused), the column
/// (empty when none), and what is wrong as a code with its arguments by name.
/// </summary>
public sealed record ImportError(int Line, string Column, ProblemCode Code, IReadOnlyDictionary<string, string> Args)
{
    /// <summary>A problem without arguments.</summary>
    public ImportError(int line, string column, ProblemCode code)
        : this(line, column, code, new Dictionary<string, string>())
    {
    }

    /// <summary>What is wrong, in English (the command line's words; the dashboard has its own for the code).</summary>
    public string Problem => Code.Text(Args);
}
