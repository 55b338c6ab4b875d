namespace HeatRelief.Sites;

/// <summary>One problem of a refused import: the line (1 is the header; 0 when the file as a whole is refused), the column (empty when none) and what is wrong.</summary>
public sealed record ImportError(int Line, string Column, string Problem);
