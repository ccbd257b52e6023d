package dev.fromzero.sql.plan;

import java.util.List;
import java.util.function.UnaryOperator;

/** Walks and rebuilds plan trees, so that an optimizer rule need only say what it does to one node. */
public final class Plans {

    private Plans() {}

    /** The plans a node reads from: none for a leaf, two for a join or a set operation (left, then right), else one. */
    public static List<Plan> sources(Plan plan) {
        if (plan instanceof Plan.Filter p) {
            return List.of(p.source());
        } else if (plan instanceof Plan.Project p) {
            return List.of(p.source());
        } else if (plan instanceof Plan.Sort p) {
            return List.of(p.source());
        } else if (plan instanceof Plan.Limit p) {
            return List.of(p.source());
        } else if (plan instanceof Plan.Aggregate p) {
            return List.of(p.source());
        } else if (plan instanceof Plan.Distinct p) {
            return List.of(p.source());
        } else if (plan instanceof Plan.NestedLoopJoin p) {
            return List.of(p.left(), p.right());
        } else if (plan instanceof Plan.HashJoin p) {
            return List.of(p.left(), p.right());
        } else if (plan instanceof Plan.SetOperation p) {
            return List.of(p.left(), p.right());
        }
        return List.of();
    }

    /** {@code plan} with its sources replaced by {@code sources}, given in the order {@link #sources} gives them. */
    public static Plan withSources(Plan plan, List<Plan> sources) {
        if (plan instanceof Plan.Filter p) {
            return new Plan.Filter(sources.get(0), p.predicate());
        } else if (plan instanceof Plan.Project p) {
            return new Plan.Project(sources.get(0), p.expressions(), p.scope());
        } else if (plan instanceof Plan.Sort p) {
            return new Plan.Sort(sources.get(0), p.keys());
        } else if (plan instanceof Plan.Limit p) {
            return new Plan.Limit(sources.get(0), p.offset(), p.limit());
        } else if (plan instanceof Plan.Aggregate p) {
            return new Plan.Aggregate(sources.get(0), p.groupBy(), p.aggregates(), p.scope());
        } else if (plan instanceof Plan.Distinct) {
            return new Plan.Distinct(sources.get(0));
        } else if (plan instanceof Plan.NestedLoopJoin p) {
            return new Plan.NestedLoopJoin(sources.get(0), sources.get(1), p.type(), p.condition());
        } else if (plan instanceof Plan.HashJoin p) {
            return new Plan.HashJoin(sources.get(0), sources.get(1), p.type(), p.leftKeys(), p.rightKeys(), p.residual());
        } else if (plan instanceof Plan.SetOperation p) {
            return new Plan.SetOperation(sources.get(0), sources.get(1), p.operator(), p.scope());
        }
        return plan;
    }

    /** {@code plan} rebuilt bottom-up: every node's sources first, then {@code rule} applied to the node. */
    public static Plan transformUp(Plan plan, UnaryOperator<Plan> rule) {
        List<Plan> sources = sources(plan).stream().map(source -> transformUp(source, rule)).toList();
        return rule.apply(withSources(plan, sources));
    }
}
