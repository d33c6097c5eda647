package org.aava.dialer.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * What differs between the two databases in SQL the stores share: everything else is written once with jOOQ and
 * rendered for the database at hand. Kept to the few places the databases really disagree.
 */
enum StoreDialect {
    SQLITE(SQLDialect.SQLITE),
    POSTGRES(SQLDialect.POSTGRES);

    /** The JSON array of ids a statement binds in place of an id list (see {@link #ids()}). */
    static final String NO_IDS = "[]";

    private final SQLDialect jooq;
    private final DSLContext render;

    StoreDialect(SQLDialect jooq) {
        this.jooq = jooq;
        this.render = DSL.using(jooq, Db.SETTINGS);
    }

    SQLDialect jooq() {
        return jooq;
    }

    /** Renders SQL text once, for statements prepared by hand on the hot paths. */
    DSLContext render() {
        return render;
    }

    static StoreDialect of(DSLContext dsl) {
        return of(dsl.dialect());
    }

    static StoreDialect of(SQLDialect dialect) {
        return dialect.family() == SQLDialect.POSTGRES ? POSTGRES : SQLITE;
    }

    /**
     * The ids of a JSON array bound in its place ({@link #NO_IDS} for none): one statement text for any number
     * of ids, so a prepared statement is reused whatever the list's length.
     */
    Select<Record1<Long>> ids() {
        return switch (this) {
            case SQLITE -> DSL.select(DSL.field(DSL.name("value"), Long.class)).from(DSL.table("json_each({0})", DSL.val(NO_IDS)));
            case POSTGRES -> DSL.select(DSL.field("cast(value as bigint)", Long.class))
                    .from(DSL.table("jsonb_array_elements_text(cast({0} as jsonb))", DSL.val(NO_IDS)));
        };
    }

    /**
     * The column as an expression the planner cannot match to an index (SQLite's unary +), for a scan in another
     * index's order; PostgreSQL's planner weighs the choice itself, so there it is the column.
     */
    Field<String> unindexed(Field<String> column) {
        return this == SQLITE ? DSL.field("+{0}", String.class, column) : column;
    }
}
