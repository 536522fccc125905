from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("keranjang/", views.cart, name="cart"),
    path("keranjang/tambah/", views.cart_add, name="cart-add"),
    path("keranjang/ubah/", views.cart_update, name="cart-update"),
    path("keranjang/voucher/", views.cart_voucher, name="cart-voucher"),
    path("checkout/", views.checkout_page, name="checkout"),
    path("checkout/bayar/", views.pay, name="pay"),
    path("checkout/kembali/<uuid:token>/", views.pay_return, name="pay-return"),
    path("checkout/selesai/<uuid:token>/", views.done, name="done"),
    path("checkout/selesai/<uuid:token>/bukti/", views.done_proof, name="done-proof"),
    path("bukti-transfer/<int:pk>/", views.transfer_proof, name="transfer-proof"),
    path("akun/alamat/", views.addresses, name="addresses"),
    path("akun/alamat/tambah/", views.address_add, name="address-add"),
    path("akun/alamat/<int:pk>/", views.address_edit, name="address-edit"),
    path("pesanan/", views.order_history, name="history"),
    path("pesanan/<str:number>/", views.order_detail, name="detail"),
    path("pesanan/<str:number>/bukti/", views.order_proof, name="order-proof"),
    path("penjual/pesanan/", views.seller_orders, name="seller-orders"),
    path("penjual/pengiriman/", views.seller_shipping, name="seller-shipping"),
    path("penjual/pesanan/<str:number>/", views.seller_order, name="seller-order"),
    path("penjual/pesanan/<str:number>/slip.pdf", views.packing_slip, name="packing-slip"),
]
