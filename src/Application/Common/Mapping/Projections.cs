using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Mapster;

namespace Platform.Application.Common.Mapping;

/// <summary>
/// EF projections with Mapster's rules (decision 0209). Mapster 10 guards every member it reads in a
/// projection (<c>src != null &amp;&amp; src.Image != null ? src.Image : null</c>), which EF renders as a
/// <c>CASE WHEN … IS NOT NULL THEN … END</c> per nullable column. For a plain member read the guard
/// gives the same value as the read itself (SQL NULL stays NULL), so <see cref="ProjectToDto{TDestination}"/>
/// drops it: the SQL is exactly what the hand-written <c>Select</c> produced (checked by the
/// projection SQL tests). Guards around anything else (a nested object) stay.
/// </summary>
public static class Projections
{
    private static readonly ConditionalWeakTable<LambdaExpression, LambdaExpression> Cleaned = [];

    public static IQueryable<TDestination> ProjectToDto<TDestination>(this IQueryable source, TypeAdapterConfig config)
    {
        // Mapster caches its projection per type pair, so its lambda is the same instance on every call.
        var mapped = (MethodCallExpression)source.ProjectToType<TDestination>(config).Expression;
        var lambda = (LambdaExpression)((UnaryExpression)mapped.Arguments[1]).Operand;
        var cleaned = Cleaned.GetValue(lambda, static l => (LambdaExpression)new GuardRemover(l.Parameters[0]).Visit(l));
        return source.Provider.CreateQuery<TDestination>(Expression.Call(mapped.Method, source.Expression, Expression.Quote(cleaned)));
    }

    /// <summary>
    /// The same projection as a plain expression, built once by the caller and reused in <c>Select</c>:
    /// for hot paths, where building the Mapster query per call costs more than the query's own work.
    /// </summary>
    public static Expression<Func<TSource, TDestination>> ProjectionOf<TSource, TDestination>(TypeAdapterConfig config)
    {
        var mapped = (MethodCallExpression)Array.Empty<TSource>().AsQueryable().ProjectToDto<TDestination>(config).Expression;
        return (Expression<Func<TSource, TDestination>>)((UnaryExpression)mapped.Arguments[1]).Operand;
    }

    private sealed class GuardRemover(ParameterExpression root) : ExpressionVisitor
    {
        protected override Expression VisitConditional(ConditionalExpression node)
        {
            if (IsDefault(node.IfFalse) && ReadOf(node.IfTrue) is { } read && GuardsOnly(node.Test, read))
            {
                return Visit(node.IfTrue.Type == node.Type ? node.IfTrue : Expression.Convert(node.IfTrue, node.Type));
            }

            return base.VisitConditional(node);
        }

        protected override Expression VisitMemberInit(MemberInitExpression node)
        {
            // A record's positional constructor already sets the members Mapster assigns again by name.
            var byConstructor = node.NewExpression.Constructor?.GetParameters().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
            var bindings = node.Bindings.Where(b => !byConstructor.Contains(b.Member.Name)).ToList();
            return bindings.Count == 0 ? Visit(node.NewExpression) : base.VisitMemberInit(node.Update(node.NewExpression, bindings));
        }

        /// <summary>The member chain read by <paramref name="expression"/> (through conversions), when that is all it does.</summary>
        private Expression? ReadOf(Expression expression)
        {
            expression = Unconverted(expression);
            return IsChainOnRoot(expression) ? expression : null;
        }

        private bool IsChainOnRoot(Expression expression) =>
            expression == root || expression is MemberExpression { Expression: { } owner } && IsChainOnRoot(owner);

        /// <summary>True when <paramref name="test"/> only checks that <paramref name="read"/> or a prefix of its chain is not null.</summary>
        private static bool GuardsOnly(Expression test, Expression read) => test switch
        {
            BinaryExpression { NodeType: ExpressionType.AndAlso } both => GuardsOnly(both.Left, read) && GuardsOnly(both.Right, read),
            BinaryExpression { NodeType: ExpressionType.NotEqual, Right: var right } notNull when IsDefault(right) => IsPrefixOf(Unconverted(notNull.Left), read),
            _ => false,
        };

        private static bool IsPrefixOf(Expression candidate, Expression read)
        {
            for (var e = read; e is not null; e = (e as MemberExpression)?.Expression)
            {
                if (SameChain(e, candidate))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool SameChain(Expression a, Expression b) =>
            a == b || a is MemberExpression { Expression: { } ownerA } left && b is MemberExpression { Expression: { } ownerB } right
                && left.Member == right.Member && SameChain(ownerA, ownerB);

        private static Expression Unconverted(Expression expression)
        {
            while (expression is UnaryExpression { NodeType: ExpressionType.Convert } convert)
            {
                expression = convert.Operand;
            }

            return expression;
        }

        private static bool IsDefault(Expression expression) =>
            expression is DefaultExpression || expression is ConstantExpression { Value: null }
            || expression is UnaryExpression { NodeType: ExpressionType.Convert, Operand: var operand } && IsDefault(operand);
    }
}
