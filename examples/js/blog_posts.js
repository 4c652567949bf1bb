// Blog posts: a global secondary index queried by category, newest first.
//
//     examples/run.sh js blog_posts
//
// SPDX-License-Identifier: LGPL-2.1-or-later
import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Dynantic from 'gi://Dynantic?version=1';

import {withTables} from './tables.js';

const rw = GObject.ParamFlags.READWRITE;
const BlogPost = GObject.registerClass({
    GTypeName: 'ExampleBlogPost',
    Properties: {
        'post_id': GObject.ParamSpec.string('post_id', '', '', rw, null),
        'title': GObject.ParamSpec.string('title', '', '', rw, null),
        'category': GObject.ParamSpec.string('category', '', '', rw, null),
        'published_at': GObject.ParamSpec.boxed('published_at', '', '', rw, GLib.DateTime.$gtype),
        'tags': GObject.ParamSpec.boxed('tags', '', '', rw, GObject.type_from_name('GStrv')),
    },
}, class BlogPost extends Dynantic.Model {});

BlogPost.set_table('example-js-blog-posts');
BlogPost.set_partition_key('post_id');
BlogPost.set_required('title');
BlogPost.add_global_index('CategoryIndex', 'category', 'published_at');

const posts = [
    ['technology', 'GObject introspection'],
    ['cooking', 'Bread'],
    ['technology', 'DynamoDB single-table design'],
    ['technology', 'Async all the way'],
];

const technology = () => Dynantic.Query.new_for_index(BlogPost, 'CategoryIndex', 'technology', null);

await withTables([BlogPost], async () => {
    for (const [i, [category, title]] of posts.entries()) {
        await new BlogPost({
            post_id: `post-${i + 1}`, title, category, tags: [category],
            published_at: GLib.DateTime.new_utc(2024, 5, i + 1, 0, 0, 0),
        }).save_async(null, null);
    }

    // The index, in its sort key's order.
    const techPosts = await technology().all_async(null);
    print(`technology: ${techPosts.map(p => p.title).join(', ')}`);

    // Newest first: the first of the reversed order.
    const newest = await technology().descending(true).first_async(null);
    print(`newest: ${newest.title}, ${newest.published_at.format_iso8601()}`);

    // A range of the sort key (a date, given as ISO 8601 text), and a filter.
    const recent = await technology().ge('2024-05-02T00:00:00Z')
        .filter(Dynantic.Condition.contains('title', 'DynamoDB')).all_async(null);
    print(`since May 2 about DynamoDB: ${recent.map(p => p.title).join(', ')}`);
});
