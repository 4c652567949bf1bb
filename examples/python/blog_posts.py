#!/usr/bin/python3
"""Blog posts: a global secondary index queried by category, newest first."""
from datetime import datetime, timezone

from dynantic import Attr, DynamoModel, GSIKey, GSISortKey, Key

from local_tables import tables


class BlogPost(DynamoModel):
    post_id: str = Key()
    title: str
    category: str = GSIKey(index_name="CategoryIndex")
    published_at: datetime = GSISortKey(index_name="CategoryIndex")
    tags: list[str] = []

    class Meta:
        table_name = "example-blog-posts"


def main():
    for day, (category, title) in enumerate([("technology", "GObject from Python"), ("cooking", "Bread"),
                                             ("technology", "DynamoDB single-table design"),
                                             ("technology", "Async all the way")], start=1):
        BlogPost(post_id="post-%d" % day, title=title, category=category,
                 published_at=datetime(2024, 5, day, tzinfo=timezone.utc), tags=[category]).save()

    tech_posts = BlogPost.query_index("CategoryIndex", "technology").all()
    print("technology:", [p.title for p in tech_posts])
    newest = BlogPost.query_index("CategoryIndex", "technology").reverse().first()
    print("newest:", newest.title, newest.published_at.isoformat())
    since_may_2 = BlogPost.query_index("CategoryIndex", "technology") \
        .gte(datetime(2024, 5, 2, tzinfo=timezone.utc)).filter(Attr("title").contains("DynamoDB")).all()
    print("since May 2 about DynamoDB:", [p.title for p in since_may_2])


if __name__ == "__main__":
    with tables(BlogPost):
        main()
