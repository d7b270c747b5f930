namespace Platform.Application.Common.Paging;

/// <summary>
/// Case-insensitive search of names in the admin lists. The term is lower-cased here (full Unicode)
/// and the column with <c>lower(column COLLATE "und-x-icu")</c>: ICU's root collation folds every
/// Unicode letter, where the database's own locale may be C (the embedded cluster's), whose lower()
/// folds only ASCII, so "ÉCOLE" would never match "école".
/// </summary>
public static class SearchTerm
{
    /// <summary>ICU's root locale, imported by initdb in every PostgreSQL built with ICU (all distribution packages).</summary>
    public const string UnicodeCollation = "und-x-icu";

    public static string Of(string search) => search.Trim().ToLowerInvariant();
}
