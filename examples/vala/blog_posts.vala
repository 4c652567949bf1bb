/* blog_posts.vala: a global secondary index queried by category, newest first
 *
 *     examples/run.sh vala blog_posts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
public class BlogPost : Dynantic.Model {
	public string? post_id { owned get; set; }
	public string? title { owned get; set; }
	public string? category { owned get; set; }
	public DateTime? published_at { owned get; set; }
	public string[]? tags { owned get; set; }

	class construct {
		set_table ("example-vala-blog-posts");
		set_partition_key ("post_id");
		set_required ("title");
		add_global_index ("CategoryIndex", "category", "published_at");
	}
}

Dynantic.Query technology () {
	return new Dynantic.Query.for_index (typeof (BlogPost), "CategoryIndex", "technology");
}

string titles (GenericArray<weak Dynantic.Model> posts) {
	string[] titles = {};
	for (uint i = 0; i < posts.length; i++)
		titles += ((BlogPost) posts[i]).title;
	return string.joinv (", ", titles);
}

async void run () throws GLib.Error {
	string[,] posts = {
		{ "technology", "GObject introspection" },
		{ "cooking", "Bread" },
		{ "technology", "DynamoDB single-table design" },
		{ "technology", "Async all the way" },
	};
	for (int i = 0; i < posts.length[0]; i++) {
		var post = new BlogPost ();
		post.post_id = "post-%d".printf (i + 1);
		post.category = posts[i, 0];
		post.title = posts[i, 1];
		post.tags = { posts[i, 0] };
		post.published_at = new DateTime.utc (2024, 5, i + 1, 0, 0, 0);
		yield post.save_async ();
	}

	/* The index, in its sort key's order */
	print ("technology: %s\n", titles (yield technology ().all_async ()));

	/* Newest first: the first of the reversed order */
	var newest = (BlogPost) yield technology ().descending (true).first_async ();
	print ("newest: %s, %s\n", newest.title, newest.published_at.format_iso8601 ());

	/* A range of the sort key (a date, given as ISO 8601 text), and a filter */
	var recent = yield technology ().ge ("2024-05-02T00:00:00Z")
		.filter (Dynantic.Condition.contains ("title", "DynamoDB"))
		.all_async ();
	print ("since May 2 about DynamoDB: %s\n", titles (recent));
}

async int main () {
	Type[] models = { typeof (BlogPost) };
	int status = 0;
	try {
		yield Examples.create_tables (models);
		yield run ();
	} catch (GLib.Error e) {
		printerr ("blog_posts: %s\n", e.message);
		status = 1;
	}
	yield Examples.delete_tables (models);
	return status;
}
