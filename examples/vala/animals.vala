/* animals.vala: single-table polymorphism with a discriminator
 *
 *     examples/run.sh vala animals
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
public class Animal : Dynantic.Model {
	public string? animal_id { owned get; set; }
	public string? kind { owned get; set; }

	/* `static construct` runs once, for this class: `class construct` would
	 * run again for Dog and Cat. */
	static construct {
		set_table ("example-vala-animals");
		set_partition_key ("animal_id");
		/* Each item names its class; reads through Animal make objects of it. */
		set_discriminator ("kind");
		register_subtype ("DOG", typeof (Dog));
		register_subtype ("CAT", typeof (Cat));
	}

	public virtual string describe () {
		return animal_id;
	}
}

public class Dog : Animal {
	public string? breed { owned get; set; }

	public override string describe () {
		return "%s is a dog, %s".printf (animal_id, breed);
	}
}

public class Cat : Animal {
	public int lives_remaining { get; set; default = 9; }
	public string? colour { owned get; set; }

	public override string describe () {
		return "%s is a cat with %d lives".printf (animal_id, lives_remaining);
	}
}

async void run () throws GLib.Error {
	var rex = new Dog ();
	rex.animal_id = "rex";
	rex.breed = "Labrador";
	yield rex.save_async ();
	var tom = new Cat ();
	tom.animal_id = "tom";
	tom.lives_remaining = 7;
	tom.colour = "tabby";
	yield tom.save_async ();

	var animals = yield new Dynantic.Scan (typeof (Animal)).all_async ();
	/* A scan's order is the service's: sort by id. Each description begins
	 * with the id, so sorting the lines sorts by id. */
	var lines = new GLib.List<string> ();
	for (uint i = 0; i < animals.length; i++)
		lines.insert_sorted (((Animal) animals[i]).describe (), strcmp);
	foreach (unowned string line in lines)
		print ("%s\n", line);

	var dogs = yield new Dynantic.Scan (typeof (Dog)).all_async ();
	var ids = new StringBuilder ("dogs only:");
	for (uint i = 0; i < dogs.length; i++)
		ids.append_printf (" %s", ((Dog) dogs[i]).animal_id);
	print ("%s\n", ids.str);
}

async int main () {
	Type[] models = { typeof (Animal) };
	int status = 0;
	try {
		yield Examples.create_tables (models);
		yield run ();
	} catch (GLib.Error e) {
		printerr ("animals: %s\n", e.message);
		status = 1;
	}
	yield Examples.delete_tables (models);
	return status;
}
