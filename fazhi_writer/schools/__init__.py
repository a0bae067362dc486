"""School forms: write the 填报表, read the returned ones, total them into the facts file."""
