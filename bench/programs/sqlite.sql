-- The SQLite shell's workload (bench/wrr_bench.cpp): a small shop's
-- database on a granted directory, built, indexed, queried and changed.
-- Nothing here reads the clock or random(): the output is deterministic.
PRAGMA journal_mode = DELETE;
CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL);
CREATE TABLE product (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price INTEGER NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER NOT NULL REFERENCES customer,
                     product INTEGER NOT NULL REFERENCES product, qty INTEGER NOT NULL,
                     day INTEGER NOT NULL);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO customer SELECT i, 'customer ' || i, 'city ' || (i * 7919 % 97) FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO product SELECT i, 'product ' || i, 100 + i * 37 % 9900 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO orders SELECT i, 1 + i * 104729 % 10000, 1 + i * 7907 % 2000, 1 + i % 9, i % 365 FROM n;
COMMIT;
CREATE INDEX orders_customer ON orders(customer);
CREATE INDEX orders_day ON orders(day);
SELECT count(*), sum(qty) FROM orders;
SELECT c.city, count(*) AS n, sum(o.qty * p.price) AS revenue
  FROM orders o JOIN customer c ON c.id = o.customer JOIN product p ON p.id = o.product
  GROUP BY c.city ORDER BY revenue DESC LIMIT 10;
SELECT p.name, sum(o.qty) AS sold FROM orders o JOIN product p ON p.id = o.product
  WHERE o.day BETWEEN 100 AND 130 GROUP BY p.id ORDER BY sold DESC, p.id LIMIT 10;
SELECT c.name, count(*) FROM customer c JOIN orders o ON o.customer = c.id
  WHERE c.id % 1000 = 0 GROUP BY c.id ORDER BY c.id;
-- Small transactions, each a journal written and deleted.
UPDATE product SET price = price + 1 WHERE id <= 50;
UPDATE product SET price = price + 1 WHERE id > 1950;
DELETE FROM orders WHERE day = 0;
UPDATE orders SET qty = qty + 1 WHERE customer = 4242;
INSERT INTO customer VALUES (10001, 'late customer', 'city 0');
SELECT count(*), sum(qty) FROM orders;
SELECT day, count(*) FROM orders GROUP BY day HAVING day % 73 = 0 ORDER BY day;
PRAGMA integrity_check;
