# coding: utf-8
price = 5€
