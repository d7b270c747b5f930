namespace Platform.Application.Common.Tools;

/// <summary>
/// A reference-typed request member for which JSON null is a meaningful input (e.g. a colour where
/// null clears it), so the tool's input schema lists <c>null</c> among its types. Without it a
/// nullable reference member is nullable only so that validation can name a missing value.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false)]
public sealed class AcceptsNullAttribute : Attribute;
