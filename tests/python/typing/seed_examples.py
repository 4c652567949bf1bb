"""The seed guide's examples, their commented-out lines included, written
with Attr("...") as the guide recommends for mypy. Checked by mypy (meson
test python-mypy); not run."""
import asyncio
from datetime import datetime

import boto3
from botocore.config import Config
from fastapi import FastAPI

from dynantic import Attr, Discriminator, DynamoModel, GSIKey, GSISortKey, Key, PageResult, SortKey


class Product(DynamoModel):
    product_id: str = Key()
    name: str
    price: float

    class Meta:
        table_name = "products"


class BlogPost(DynamoModel):
    post_id: str = Key()
    title: str

    # GSI for querying by category
    category: str = GSIKey(index_name="CategoryIndex")
    published_at: datetime = GSISortKey(index_name="CategoryIndex")

    class Meta:
        table_name = "blog_posts"


class Order(DynamoModel):
    customer_id: str = Key()
    order_id: str = SortKey()
    total: float = 0.0

    class Meta:
        table_name = "orders"


class User(DynamoModel):
    email: str = Key()
    username: str
    age: int = 0
    balance: float = 0.0
    login_count: int = 0
    status: str = "new"
    version: int = 0

    class Meta:
        table_name = "users"


class Movie(DynamoModel):
    year: int = Key()
    title: str = SortKey()
    rating: float = 0.0

    class Meta:
        table_name = "movies"


def crud() -> None:
    product = Product(product_id="prod-123", name="Widget", price=29.99)
    product.save()

    found = Product.get("prod-123")
    order = Order.get("customer-456", "order-789")
    if found:
        found.price = 34.99
        found.save()
    if order is not None:
        print(order.total)

    Product.delete("prod-123")
    again = Product.get("prod-123")
    if again:
        again.delete_item()


def queries() -> None:
    orders: list[Order] = Order.query("customer-456").all()
    posts_2023 = BlogPost.query("author-123").starts_with("2023-").all()
    tech_posts = BlogPost.query_index("CategoryIndex", "technology").all()
    for user in User.scan(limit=100):
        print(user.email)
    high_rated_movies = Movie.query(2013).filter(Attr("rating") >= 8.0).all()
    condition = (Attr("age") >= 18) & (Attr("balance") > 0)
    eligible_users = User.scan().filter(condition).all()
    first: Order | None = Order.query("customer-456").first()
    print(orders, posts_2023, tech_posts, high_rated_movies, eligible_users, first)


def updates() -> None:
    User.update("user-123", "john@example.com") \
        .add(Attr("login_count"), 1) \
        .set(Attr("status"), "active") \
        .execute()


def conditional_writes() -> None:
    user = User(email="john@example.com", username="john")
    user.save(condition=Attr("email").not_exists())
    User.delete("user-123", condition=Attr("balance") == 0)
    user.save(condition=Attr("version") == 5)


def pagination() -> None:
    page1: PageResult[Order] = Order.query("customer-456").limit(10).page()
    if page1.has_more:
        page2 = Order.query("customer-456").limit(10).page(start_key=page1.last_evaluated_key)
        print(page2.items)
    scanned = User.scan().scan_page()
    print(scanned.last_evaluated_key)


class Animal(DynamoModel):
    animal_id: str = Key()
    type: str = Discriminator()

    class Meta:
        table_name = "animals"


@Animal.register("DOG")
class Dog(Animal):
    breed: str


@Animal.register("CAT")
class Cat(Animal):
    lives_remaining: int


def polymorphism() -> None:
    animals = Animal.scan()
    for animal in animals:
        if isinstance(animal, Dog):
            print(animal.breed)


def configuration() -> None:
    config = Config(retries={'max_attempts': 10, 'mode': 'adaptive'})
    dynamo_client = boto3.client('dynamodb', config=config)
    DynamoModel.set_client(dynamo_client)


app = FastAPI()


@app.get("/users/{user_id}")
async def get_user(user_id: str) -> User | None:
    # Safely run sync code in an async context
    user = await asyncio.to_thread(User.get, user_id)
    return user


async def awaitables() -> None:
    product = await Product.aget("prod-123")
    if product is not None:
        await product.asave()
    async for order in Order.query("customer-456"):
        print(order.total)
    count: int = await Order.query("customer-456").acount()
    print(count)
