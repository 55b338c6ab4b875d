namespace HeatRelief.Api;

/// <summary>One text in both languages: Chinese first, then English.</summary>
public readonly record struct Bilingual(string Zh, string En);
